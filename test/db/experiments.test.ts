import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openDatabase } from '../../db/database.ts';
import { createExperimentStore } from '../../db/experiments.ts';
import { createSqliteStore } from '../../db/store.ts';
import type { ExperimentStep } from '../../main/compression/types.ts';
import { makeDataset, makeRun, tempDir } from './helpers.ts';

const step = (n: number, over: Partial<ExperimentStep> = {}): ExperimentStep => ({
  experimentId: 'exp_1', step: n, kind: n === 0 ? 'baseline' : 'pruned', label: `step ${n}`, status: 'completed', runId: null,
  config: { n }, metrics: { val: { accuracy: 0.9 } }, error: null, createdAt: `2026-01-01T00:00:0${n}.000Z`, finishedAt: null,
  size: { paramCount: 100 - n, nonZeroParams: 50, flops: 1000, bytes: 800, weightBytes: 400, gzipBytes: 200, latency: { medianMs: 1.5, batch: 32, repeats: 10, backend: 'cpu' } },
  sparsity: { sparsity: 0.5, zeros: 50, total: 100, layers: [{ layer: 'dense_1', zeros: 50, total: 100, sparsity: 0.5 }] },
  ...over,
});

test('experiments and steps round-trip; a crash leaves them interrupted and resumable', () => {
  const { dir, cleanup } = tempDir();
  const file = join(dir, 'modelbench.db');
  const store = createSqliteStore(file);
  store.datasets.insert(makeDataset('ds_1'));
  store.runs.insert(makeRun('run_base', 'ds_1'), '/runs/run_base');
  store.runs.insert(makeRun('run_child', 'ds_1'), '/runs/run_child', { parentRunId: 'run_base', relation: 'pruned' });
  const experiments = createExperimentStore(store.db);
  experiments.create({ id: 'exp_1', name: 'prune', kind: 'prune', baseRunId: 'run_base', config: { targetSparsity: 0.5 }, createdAt: '2026-01-01T00:00:00.000Z' });
  experiments.putStep(step(0, { runId: 'run_base' }));
  experiments.putStep(step(1, { runId: 'run_child', status: 'running', accepted: true }));

  const got = experiments.get('exp_1')!;
  assert.equal(got.status, 'running');
  assert.deepEqual(got.config, { targetSparsity: 0.5 });
  assert.equal(got.stepCount, 2);
  assert.deepEqual(got.steps[0], step(0, { runId: 'run_base' }));
  assert.equal(got.steps[1]!.accepted, true);
  assert.deepEqual(store.runs.lineage('run_child'), { parentRunId: 'run_base', relation: 'pruned' });
  store.close();

  // The process died: the next start marks the experiment and its running step interrupted.
  const db = openDatabase(file);
  const again = createExperimentStore(db);
  assert.equal(again.markInterrupted(), 1);
  const after = again.get('exp_1')!;
  assert.equal(after.status, 'interrupted');
  assert.equal(after.steps[0]!.status, 'completed');
  assert.equal(after.steps[1]!.status, 'interrupted');
  again.setStatus('exp_1', 'completed', { bestStep: 1, error: null, finished: true });
  const done = again.list()[0]!;
  assert.equal(done.status, 'completed');
  assert.equal(done.bestStep, 1);
  assert.ok(done.finishedAt);
  // Deleting a run keeps the step (run_id set null); deleting the experiment removes its steps.
  db.prepare('DELETE FROM runs WHERE id = ?').run('run_child');
  assert.equal(again.get('exp_1')!.steps[1]!.runId, null);
  again.delete('exp_1');
  assert.equal(again.get('exp_1'), undefined);
  assert.equal((db.prepare('SELECT COUNT(*) AS n FROM experiment_steps').get() as { n: number }).n, 0);
  db.close();
  cleanup();
});
