/**
 * Integration on the digits sample through the engine API: a baseline, then
 * every experiment kind (magnitude and structured pruning, distillation,
 * transfer, shrink search), lineage in SQLite, bad input, cancel and resume.
 * Small models and few epochs: this is about wiring, the benchmark measures quality.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import * as tf from '@tensorflow/tfjs';
import type { ModelSpec } from '../../../main/api/schemas.ts';
import type { ExperimentEvent } from '../../../main/compression/types.ts';
import { createEngine, type Engine } from '../../../main/engine/engine.ts';
import { waitExperiment } from './helpers.ts';
import { loadModelFiles } from '../../../main/model/io.ts';
import { parseStepLabel } from '../../../main/compression/step-label.ts';

const SPEC: ModelSpec = {
  name: 'tiny-cnn',
  layers: [
    { kind: 'conv2d', filters: 8, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu', useBias: true },
    { kind: 'maxPool2d', poolSize: 2 },
    { kind: 'flatten' },
    { kind: 'dense', units: 32, activation: 'relu', useBias: true },
  ],
};
const HP = { epochs: 4, batchSize: 32, optimizer: { kind: 'adam' as const, learningRate: 0.01 }, preprocess: 'none' as const };

function waitRun(engine: Engine, runId: string): Promise<void> {
  return new Promise((resolve) => {
    const poll = setInterval(async () => {
      const run = await engine.call('runs.get', { runId });
      if (!['queued', 'running'].includes(run.status)) {
        clearInterval(poll);
        resolve();
      }
    }, 50);
  });
}

describe('compression through the engine (digits)', () => {
  let home: string;
  let engine: Engine;
  let datasetId: string;
  let baseId: string;
  before(async () => {
    await tf.setBackend('cpu');
    home = mkdtempSync(join(tmpdir(), 'mb-compress-'));
    engine = await createEngine({ home, workers: 1, backend: ['cpu'] });
    datasetId = (await engine.call('datasets.importSample', { sample: 'digits' })).id;
    baseId = (await engine.call('runs.start', { datasetId, spec: SPEC, hyperparams: HP, seed: 5 })).runId;
    await waitRun(engine, baseId);
  });
  after(async () => {
    await engine.close();
    rmSync(home, { recursive: true, force: true });
  });

  const lineage = (runId: string) => {
    const db = new Database(join(home, 'modelbench.db'), { readonly: true });
    try {
      return db.prepare('SELECT parent_run_id AS parent, relation FROM runs WHERE id = ?').get(runId) as { parent: string; relation: string };
    } finally {
      db.close();
    }
  };

  test('every run reports its size; runs.size matches hand counts', async () => {
    const run = await engine.call('runs.get', { runId: baseId });
    assert.equal(run.status, 'completed', run.error ?? '');
    // conv 3*3*1*8+8 = 80; dense 4*4*8*32+32 = 4128; head 32*10+10 = 330
    assert.equal(run.paramCount, 80 + 4128 + 330);
    const size = await engine.call('runs.size', { runId: baseId });
    assert.ok(size.latency!.medianMs > 0);
    assert.equal(size.paramCount, 4538);
    assert.equal(size.flops, run.flops);
    assert.ok(size.bytes > size.weightBytes && size.weightBytes === 4538 * 4 && size.gzipBytes > 0);
  });

  test('magnitude pruning: 80% gradual, masks hold, lineage stored, exports like any run', async () => {
    const { experimentId } = await engine.call('compression.prune', { runId: baseId, targetSparsity: 0.8, schedule: 'gradual', scope: 'global', epochs: 3 });
    const exp = await waitExperiment(engine, experimentId);
    assert.equal(exp.status, 'completed', exp.error ?? '');
    assert.deepEqual(exp.steps.map((s) => s.kind), ['baseline', 'pruned']);
    const pruned = exp.steps[1]!;
    assert.ok(Math.abs(pruned.sparsity!.sparsity - 0.8) < 0.01, `sparsity ${pruned.sparsity!.sparsity}`);
    assert.ok(pruned.size!.gzipBytes < exp.steps[0]!.size!.gzipBytes, 'sparse weights compress better');
    assert.deepEqual(lineage(pruned.runId!), { parent: baseId, relation: 'pruned' });
    const run = await engine.call('runs.get', { runId: pruned.runId! });
    assert.equal(run.metrics.sparsity!.layers.length, 3);
    assert.ok(run.metrics.size!.latency!.medianMs > 0, 'child runs store their size');
    const out = await engine.call('runs.export', { runId: pruned.runId!, outDir: join(home, 'export-pruned') });
    const model = await loadModelFiles(out.outDir);
    const kernel = model.getLayer('dense_4').getWeights()[0]!.dataSync();
    assert.ok(kernel.filter((v) => v === 0).length > kernel.length / 2);
    model.dispose();
  });

  test('structured pruning: fewer parameters and FLOPs, fine-tuned', async () => {
    const { experimentId } = await engine.call('compression.prune', { runId: baseId, method: 'structured', targetSparsity: 0.5, epochs: 2 });
    const exp = await waitExperiment(engine, experimentId);
    assert.equal(exp.status, 'completed', exp.error ?? '');
    const [base, pruned] = exp.steps;
    assert.ok(pruned!.size!.paramCount < base!.size!.paramCount * 0.6);
    assert.ok(pruned!.size!.flops < base!.size!.flops * 0.6);
    assert.ok(pruned!.size!.latency!.medianMs > 0);
    // Every step after the baseline is timed against it in interleaved pairs, with a verdict.
    const c = pruned!.size!.latency!.comparison!;
    assert.ok(c && c.pairs >= 5 && c.low <= c.ratio && c.ratio <= c.high, JSON.stringify(c));
    assert.ok(['faster', 'slower', 'no measurable change'].includes(c.verdict));
    assert.equal(base!.size!.latency!.comparison, undefined, 'the baseline is timed alone');
  });

  test('distillation: teacher, student alone and distilled student, same seed', async () => {
    const student: ModelSpec = { name: 'student', layers: [{ kind: 'flatten' }, { kind: 'dense', units: 8, activation: 'relu', useBias: true }] };
    const { experimentId } = await engine.call('compression.distill', { teacherRunId: baseId, student, temperature: 3, alpha: 0.5, epochs: 3 });
    const exp = await waitExperiment(engine, experimentId);
    assert.equal(exp.status, 'completed', exp.error ?? '');
    assert.deepEqual(exp.steps.map((s) => s.kind), ['baseline', 'student', 'distilled']);
    const alone = await engine.call('runs.get', { runId: exp.steps[1]!.runId! });
    const distilled = await engine.call('runs.get', { runId: exp.steps[2]!.runId! });
    assert.equal(alone.seed, distilled.seed);
    assert.deepEqual(lineage(distilled.id), { parent: baseId, relation: 'distilled' });
    assert.ok((distilled.metrics.val?.accuracy ?? 0) > 0.5);
  });

  test('bad input fails the call with a clear message', async () => {
    await assert.rejects(engine.call('compression.prune', { runId: baseId, targetSparsity: 1 }), /\[0, 1\)/);
    await assert.rejects(engine.call('compression.prune', { runId: baseId, targetSparsity: -0.1 }), /\[0, 1\)/);
    await assert.rejects(engine.call('compression.prune', { runId: baseId, targetSparsity: 0.5, layers: ['maxPool2d_2'] }), /MaxPooling2D layer; magnitude pruning can only prune dense and conv2d/);
    const bad: ModelSpec = { layers: [{ kind: 'dense', units: 8, activation: 'relu', useBias: true }] };
    await assert.rejects(engine.call('compression.distill', { teacherRunId: baseId, student: bad }), /student cannot take the teacher's input \[8, 8, 1\]/);
    const iris = await engine.call('datasets.importSample', { sample: 'iris' });
    await assert.rejects(
      engine.call('compression.finetune', { runId: baseId, datasetId: iris.id, freeze: 1 }),
      /inputs of shape \[8, 8, 1\] but the dataset's samples have shape \[4\]/,
    );
  });

  test('transfer: frozen layers, compared with training from scratch', async () => {
    const { experimentId } = await engine.call('compression.finetune', { runId: baseId, datasetId, freeze: 1, learningRate: 0.005, epochs: 2, newHead: true });
    const exp = await waitExperiment(engine, experimentId);
    assert.equal(exp.status, 'completed', exp.error ?? '');
    assert.deepEqual(exp.steps.map((s) => s.kind), ['baseline', 'transferred', 'scratch']);
    assert.deepEqual(lineage(exp.steps[1]!.runId!), { parent: baseId, relation: 'fine-tuned' });
    const source = await loadModelFiles(join(home, 'runs', baseId));
    const tuned = await loadModelFiles(join(home, 'runs', exp.steps[1]!.runId!));
    // conv2d_1 was frozen: identical weights.
    assert.deepEqual(Array.from(tuned.getLayer('conv2d_1').getWeights()[0]!.dataSync()), Array.from(source.getLayer('conv2d_1').getWeights()[0]!.dataSync()));
    source.dispose();
    tuned.dispose();
  });

  test('shrink search: candidates as steps, cancel keeps finished steps, resume completes', async () => {
    const { experimentId } = await engine.call('compression.shrink', { runId: baseId, tolerance: 0.05, maxCandidates: 2, epochs: 2 });
    // Cancel during the first candidate, then resume.
    await new Promise<void>((resolve) => {
      const stop = engine.subscribe((name, payload) => {
        const e = payload as ExperimentEvent;
        if (name === 'experiment.event' && e.type === 'step-started' && e.kind === 'candidate') {
          stop();
          void engine.call('experiments.cancel', { experimentId }).then(() => resolve());
        }
      });
    });
    let exp = await engine.call('experiments.get', { experimentId });
    while (exp.status === 'running') {
      await new Promise((r) => setTimeout(r, 50));
      exp = await engine.call('experiments.get', { experimentId });
    }
    assert.equal(exp.status, 'cancelled');
    assert.equal(exp.steps[0]!.status, 'completed');
    const finished = waitExperiment(engine, experimentId);
    await engine.call('experiments.resume', { experimentId });
    exp = await finished;
    assert.equal(exp.status, 'completed', exp.error ?? '');
    assert.equal(exp.steps[0]!.kind, 'baseline');
    const candidates = exp.steps.filter((s) => s.kind === 'candidate' && s.status === 'completed');
    assert.equal(candidates.length, 2);
    assert.ok(candidates.every((c) => c.size!.paramCount < exp.steps[0]!.size!.paramCount && typeof c.accepted === 'boolean'));
    assert.ok(exp.bestStep !== null);
    const list = await engine.call('experiments.list', {});
    assert.ok(list.some((e) => e.id === experimentId && e.kind === 'shrink'));
  });

  test('every step label the drivers stored reads back to its kind and parameters (the UI translates by them)', async () => {
    const labels: string[] = [];
    for (const e of await engine.call('experiments.list', {})) labels.push(...(await engine.call('experiments.get', { experimentId: e.id })).steps.map((s) => s.label));
    assert.deepEqual(labels.filter((l) => parseStepLabel(l) === null), [], 'labels no template makes');
    const keys = new Set(labels.map((l) => parseStepLabel(l)!.key));
    for (const key of ['baseline', 'magnitude', 'structured', 'teacher', 'studentAlone', 'distilled', 'fineTuned', 'fromScratch'] as const) assert.ok(keys.has(key), key);
    assert.ok(['width', 'removeLayer', 'removeConvPool', 'swapFlatten', 'swapKernel'].some((k) => keys.has(k as never)), 'shrink candidates');
    // The stored English is the wording of before (older rows read the same).
    for (const text of ['magnitude gradual global 80%', 'structured l1 50%', 'distilled (T=3, α=0.5)', 'fine-tuned, 1 frozen']) assert.ok(labels.includes(text), text);
  });
});
