/** Real studies on iris through the engine: 2 workers, cpu backend, a few epochs. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type Engine } from '../../../main/engine/engine.ts';
import type { StudyConfigInput, StudyEvent } from '../../../main/api/contract.ts';

let engine: Engine;
let home: string;

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'mb-study-'));
  engine = await createEngine({ home, workers: 2, backend: ['cpu'] });
  await engine.call('datasets.importSample', { sample: 'iris' });
});
after(async () => {
  await engine.close();
  rmSync(home, { recursive: true, force: true });
});

async function runStudy(config: StudyConfigInput): Promise<{ id: string; events: StudyEvent[] }> {
  const study = await engine.call('studies.create', { config });
  const events: StudyEvent[] = [];
  const finished = new Promise<void>((resolve) => {
    const off = engine.subscribe((name, payload) => {
      const e = payload as StudyEvent;
      if (name !== 'study.event' || e.studyId !== study.id) return;
      events.push(e);
      if (e.type === 'study-finished') (off(), resolve());
    });
  });
  const started = await engine.call('studies.start', { studyId: study.id });
  assert.deepEqual(started, { started: true, studyId: study.id });
  await finished;
  return { id: study.id, events };
}

const mlpSpace = {
  depth: { kind: 'int', low: 1, high: 2 },
  units_0: { kind: 'int', low: 4, high: 16, step: 4 },
  units_1: { kind: 'int', low: 4, high: 16, step: 4, when: { param: 'depth', op: 'gt', value: 1 } },
  'hyperparams.optimizer.learningRate': { kind: 'float', low: 0.005, high: 0.05, log: true },
} as const;

describe('studies on iris', () => {
  test('a tpe study with 2 workers completes: trials are runs, best trial, importance, history, export', async () => {
    const { id, events } = await runStudy({
      datasetId: 'iris', base: { hyperparams: { epochs: 3, batchSize: 16 } }, space: { params: mlpSpace }, sampler: 'tpe',
      objectives: [{ metric: 'val_accuracy' }], nTrials: 6, workers: 2, seed: 3,
    });
    const detail = await engine.call('studies.get', { studyId: id });
    assert.equal(detail.study.status, 'finished');
    assert.deepEqual(detail.study.counts, { total: 6, running: 0, complete: 6, pruned: 0, failed: 0 });
    assert.equal(detail.best.length, 1);
    assert.equal(detail.epochsTrained, 18);
    const best = detail.best[0];
    const trials = await engine.call('studies.trials', { studyId: id, sort: 'value', order: 'desc', limit: 10 });
    assert.equal(trials.items[0].values![0], best.values![0]);
    for (const t of trials.items) {
      const run = await engine.call('runs.get', { runId: t.runId! });
      assert.equal(run.status, 'completed');
      assert.equal(run.metrics.val?.accuracy, t.values![0]);
    }
    assert.ok(new Set(trials.items.map((t) => t.worker)).size === 2, 'both workers ran trials');
    assert.equal(events.filter((e) => e.type === 'trial-reported').length, 18);
    const importance = await engine.call('studies.importance', { studyId: id });
    assert.equal(importance.trials, 6);
    assert.deepEqual(importance.importances.map((i) => i.param).sort(), Object.keys(mlpSpace).sort());
    const history = await engine.call('studies.history', { studyId: id });
    assert.equal(history.trials.length, 6);
    assert.equal(history.trials.at(-1)!.best[0], best.values![0]);
    assert.equal(history.intermediate.length, 6);
    assert.deepEqual(history.intermediate[0].steps, [1, 2, 3]);
    assert.equal(history.timeline.length, 6);
    const exported = await engine.call('studies.exportBest', { studyId: id, outDir: join(home, 'best') });
    assert.equal(exported.runId, best.runId);
    assert.ok(existsSync(join(home, 'best', 'model.json')));
    const onnx = await engine.call('studies.exportBest', { studyId: id, outDir: join(home, 'best-onnx'), format: 'onnx', withPreprocessing: true });
    assert.equal(onnx.runId, best.runId);
    assert.ok(existsSync(join(home, 'best-onnx', 'model.onnx')), 'the study exports ONNX like runs.export');
  });

  test('ASHA prunes the trials that a tiny learning rate makes bad', async () => {
    const { id } = await runStudy({
      datasetId: 'iris', base: { hyperparams: { epochs: 6, batchSize: 16, optimizer: { kind: 'sgd', learningRate: 0.01 } } },
      space: { params: { depth: { kind: 'fixed', value: 1 }, units_0: { kind: 'fixed', value: 16 }, 'hyperparams.optimizer.learningRate': { kind: 'categorical', choices: [0.5, 1e-7] } } },
      sampler: 'random', pruner: { kind: 'successive-halving', minResource: 1, reductionFactor: 2 }, objectives: [{ metric: 'val_accuracy' }], nTrials: 8, workers: 2, seed: 5,
    });
    const trials = (await engine.call('studies.trials', { studyId: id, limit: 20 })).items;
    const pruned = trials.filter((t) => t.state === 'pruned');
    assert.ok(pruned.length >= 1, 'some trials pruned');
    assert.ok(pruned.every((t) => t.lastStep! < 6), 'pruned before the last epoch');
    const detail = await engine.call('studies.get', { studyId: id });
    assert.ok(detail.epochsTrained < 8 * 6, `fewer epochs than the full budget (${detail.epochsTrained})`);
    // The run says so itself, and stopped at the step the pruner judged.
    const run = await engine.call('runs.get', { runId: pruned[0].runId! });
    assert.equal(run.status, 'pruned');
    assert.equal(run.error, `pruned at epoch ${pruned[0].lastStep}`);
    assert.equal(run.epochsDone, pruned[0].lastStep);
  });

  test('val_accuracy max + param_count min gives a Pareto front of non-dominated trials', async () => {
    const { id } = await runStudy({
      datasetId: 'iris', base: { hyperparams: { epochs: 2, batchSize: 16 } },
      space: { params: { depth: { kind: 'fixed', value: 1 }, units_0: { kind: 'int', low: 1, high: 32 } } },
      sampler: 'nsga2', objectives: [{ metric: 'val_accuracy' }, { metric: 'param_count' }], nTrials: 6, workers: 2, seed: 2,
    });
    const detail = await engine.call('studies.get', { studyId: id });
    assert.ok(detail.paretoFront.length >= 1);
    const all = (await engine.call('studies.trials', { studyId: id, limit: 10 })).items.filter((t) => t.state === 'complete');
    const dominated = (a: number[], b: number[]) => b[0] >= a[0] && b[1] <= a[1] && (b[0] > a[0] || b[1] < a[1]);
    for (const f of detail.paretoFront) assert.ok(!all.some((t) => dominated(f.values!, t.values!)), `trial ${f.number} is not dominated`);
    for (const t of all) if (!detail.paretoFront.some((f) => f.number === t.number)) assert.ok(detail.paretoFront.some((f) => dominated(t.values!, f.values!)));
    assert.deepEqual(detail.best.map((t) => t.number).sort(), detail.paretoFront.map((t) => t.number).sort());
  });

  test('update warns what the sampler keeps; create refuses spaces that cannot build', async () => {
    const study = await engine.call('studies.create', { config: { datasetId: 'iris', space: { params: mlpSpace }, objectives: [{ metric: 'val_loss' }] } });
    const r = await engine.call('studies.update', { studyId: study.id, sampler: 'random', space: { params: { ...mlpSpace, depth: { kind: 'int', low: 1, high: 3 } } } });
    assert.match(r.warnings.join('\n'), /search space changed/);
    assert.match(r.warnings.join('\n'), /sampler changed to 'random'/);
    await assert.rejects(engine.call('studies.create', { config: { datasetId: 'iris', space: { params: { 'hyperparams.batchSize': { kind: 'int', low: 0, high: 4 } } }, objectives: [{ metric: 'val_loss' }] } }),
      /invalid run config: hyperparams.batchSize/);
    await assert.rejects(engine.call('studies.start', { studyId: 'nope' }), /No study with id 'nope'/);
  });
});
