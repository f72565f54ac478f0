/**
 * An ensemble as the teacher in distillation: the merged ensemble model
 * (raw features in) teaches a small student, reported against the student
 * trained alone; the trainer puts the inverse of the student's preprocessing
 * in front of the teacher, so the teacher sees exactly the rows the student
 * sees (checked against the merged model on raw features).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { ExperimentDetail } from '../../../../main/api/contract.ts';
import { buildEnsemble } from '../../ensemble/engine-helpers.ts';
import { applyRecipe } from '../../../../main/data/preprocess.ts';
import { loadDatasetFiles } from '../../../../main/data/store.ts';
import { createEngine, type Engine } from '../../../../main/engine/engine.ts';
import { loadModelFiles } from '../../../../main/model/io.ts';
import { readRecipeFile } from '../../../../main/train/artifacts.ts';
import { loadTeacher } from '../../../../main/train/plan-runtime.ts';

let home: string;
let engine: Engine;

before(async () => {
  await tf.setBackend('cpu');
  home = mkdtempSync(join(tmpdir(), 'mb-distill-ensemble-'));
  engine = await createEngine({ home, workers: 2, backend: ['cpu'] });
});
after(async () => {
  await engine.close();
  rmSync(home, { recursive: true, force: true });
});

function waitFor<T>(check: () => Promise<T | undefined>): Promise<T> {
  return new Promise((resolve, reject) => {
    const tick = () => check().then((v) => (v === undefined ? setTimeout(tick, 200) : resolve(v)), reject);
    tick();
  });
}

test('a bagged ensemble distilled into a small student, against the student trained alone', async () => {
  const iris = await engine.call('datasets.importSample', { sample: 'iris' });
  const hp = { epochs: 15, batchSize: 16, optimizer: { kind: 'adam' as const, learningRate: 0.03 } };
  const ensemble = await buildEnsemble(engine, { method: 'bagging', datasetId: iris.id, members: 3, spec: { layers: [{ kind: 'dense', units: 16 }] }, hyperparams: hp, seed: 8 });
  const ensembleId = ensemble.id;
  assert.equal(ensemble.status, 'completed', ensemble.error ?? '');

  const student = { name: 'tiny', layers: [{ kind: 'dense' as const, units: 3, activation: 'relu' as const, useBias: true }] };
  await assert.rejects(engine.call('compression.distill', { teacherRunId: ensemble.members[0].runId!, teacherEnsembleId: ensembleId, student }), /exactly one of teacherRunId \(a run\) or teacherEnsembleId/);
  const { experimentId } = await engine.call('compression.distill', { teacherEnsembleId: ensembleId, student, temperature: 2, alpha: 0.5, epochs: 10 });
  const exp = await waitFor<ExperimentDetail>(async () => {
    const e = await engine.call('experiments.get', { experimentId });
    return e.status === 'running' ? undefined : e;
  });
  assert.equal(exp.status, 'completed', exp.error ?? '');
  assert.deepEqual(exp.steps.map((s) => [s.kind, s.status]), [['baseline', 'completed'], ['student', 'completed'], ['distilled', 'completed']]);
  assert.equal(exp.steps[0].label, 'teacher (ensemble)');
  assert.equal(exp.steps[0].size?.paramCount, ensemble.paramCount, 'the baseline is the merged ensemble model');
  assert.deepEqual(exp.steps[0].metrics.val, ensemble.metrics.val, 'the ensemble teacher step shows the ensemble\'s own metrics');
  const alone = await engine.call('runs.get', { runId: exp.steps[1].runId! });
  const distilled = await engine.call('runs.get', { runId: exp.steps[2].runId! });
  assert.equal(alone.seed, distilled.seed);
  assert.ok(Number.isFinite(distilled.metrics.test?.accuracy) && Number.isFinite(alone.metrics.test?.accuracy));
  const plan = JSON.parse(readFileSync(join(home, 'runs', distilled.id, 'plan.json'), 'utf8'));
  assert.equal(plan.plan.distill.rawInputs, true);
  // The students train on the ensemble's split.
  assert.deepEqual(JSON.parse(readFileSync(join(home, 'runs', distilled.id, 'split.json'), 'utf8')), JSON.parse(readFileSync(join(home, 'runs', ensemble.members[0].runId!, 'split.json'), 'utf8')));

  // What the distilled student's teacher saw: the merged model on the raw rows, through the student's preprocessed batch.
  const recipe = readRecipeFile(join(home, 'runs', distilled.id))!;
  assert.equal(recipe.method, 'standardize');
  const data = loadDatasetFiles(join(home, 'datasets', iris.id));
  const teacher = (await loadTeacher(plan.plan, { inputShape: [4], outputUnits: 3, task: 'classification' }, recipe))!;
  const merged = await loadModelFiles(join(home, 'ensembles', ensembleId));
  const pre = tf.tensor2d(applyRecipe(recipe, data.x, [4]), [150, 4]);
  const raw = tf.tensor2d(data.x, [150, 4]);
  const viaStudent = (teacher.predict(pre) as tf.Tensor).dataSync();
  const direct = (merged.predict(raw) as tf.Tensor).dataSync();
  let diff = 0;
  for (let i = 0; i < direct.length; i++) diff = Math.max(diff, Math.abs(viaStudent[i] - direct[i]));
  assert.ok(diff <= 1e-5, `teacher on the student's inputs vs the merged model on raw rows: max abs diff ${diff}`);
  tf.dispose([pre, raw]);
  teacher.dispose();
  merged.dispose();
});
