/**
 * A small real workbench for the bundle tests: a temp data folder with iris,
 * one trained run, a 3-trial study and a magnitude-pruning experiment on the
 * run, all through the engine (cpu backend, a few epochs).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExperimentDetail, StudyEvent } from '../../../main/api/contract.ts';
import type { RunEvent } from '../../../main/api/schemas.ts';
import { createEngine, type Engine } from '../../../main/engine/engine.ts';

export type Workbench = { home: string; engine: Engine; datasetId: string; runId: string; studyId: string; experimentId: string; close(): Promise<void> };

export async function tempEngine(prefix: string): Promise<{ home: string; engine: Engine; close(): Promise<void> }> {
  const home = mkdtempSync(join(tmpdir(), prefix));
  const engine = await createEngine({ home, workers: 2, backend: ['cpu'] });
  return { home, engine, close: async () => (await engine.close(), rmSync(home, { recursive: true, force: true })) };
}

export async function trainRun(engine: Engine, datasetId: string, epochs = 3): Promise<string> {
  const { runId } = await engine.call('runs.start', {
    datasetId, seed: 5, name: 'iris mlp',
    spec: { layers: [{ kind: 'dense', units: 12, activation: 'relu' }] },
    hyperparams: { epochs, batchSize: 16, optimizer: { kind: 'adam', learningRate: 0.02 } },
  });
  await new Promise<void>((resolve) => {
    const off = engine.subscribe((name, payload) => {
      const e = payload as RunEvent;
      if (name === 'run.event' && e.type === 'finished' && e.runId === runId) (off(), resolve());
    });
  });
  const run = await engine.call('runs.get', { runId });
  assert.equal(run.status, 'completed', run.error ?? '');
  return runId;
}

export async function buildWorkbench(): Promise<Workbench> {
  const { home, engine, close } = await tempEngine('mb-bundle-a-');
  try {
    return { home, engine, close, ...(await fill(engine)) };
  } catch (error) {
    await close();
    throw error;
  }
}

async function fill(engine: Engine): Promise<Omit<Workbench, 'home' | 'engine' | 'close'>> {
  const dataset = await engine.call('datasets.importSample', { sample: 'iris' });
  const runId = await trainRun(engine, dataset.id);

  const study = await engine.call('studies.create', {
    config: {
      name: 'iris study', datasetId: dataset.id, base: { hyperparams: { epochs: 2, batchSize: 16 } }, sampler: 'random', seed: 2, nTrials: 3, workers: 2,
      space: { params: { 'hyperparams.optimizer.learningRate': { kind: 'float', low: 0.005, high: 0.05, log: true } } }, objectives: [{ metric: 'val_accuracy' }],
    },
  });
  const studyDone = new Promise<void>((resolve) => {
    const off = engine.subscribe((name, payload) => {
      const e = payload as StudyEvent;
      if (name === 'study.event' && e.studyId === study.id && e.type === 'study-finished') (off(), resolve());
    });
  });
  await engine.call('studies.start', { studyId: study.id });
  await studyDone;

  const { experimentId } = await engine.call('compression.prune', { runId, targetSparsity: 0.5, schedule: 'oneshot', epochs: 1 });
  let exp: ExperimentDetail;
  for (;;) {
    exp = await engine.call('experiments.get', { experimentId });
    if (exp.status !== 'running') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(exp.status, 'completed', exp.error ?? '');
  return { datasetId: dataset.id, runId, studyId: study.id, experimentId };
}
