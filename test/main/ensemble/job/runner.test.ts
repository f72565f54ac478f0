/**
 * The job end to end for the methods the engine test does not run: AdaBoost
 * (sample weights reach the members: each stage's weighted error and α are
 * the SAMME formulas on its own training predictions), gradient boosting on a
 * regression set (residual targets, shrinkage, the mean as bias, the model in
 * the target's units), selection over trained members; and for each, the
 * exported graph predicts what the engine reports (its metrics recomputed
 * from the merged model's outputs).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { EnsembleDetail, EnsembleRequestInput } from '../../../../main/api/contract.ts';
import { buildEnsemble } from '../engine-helpers.ts';
import { loadDatasetFiles } from '../../../../main/data/store.ts';
import { createEngine, type Engine } from '../../../../main/engine/engine.ts';
import { sammeStage } from '../../../../main/ensemble/math/adaboost.ts';
import { loadModelFiles } from '../../../../main/model/io.ts';
import { argmaxRows, regressionMetrics } from '../../../../main/train/metrics.ts';
import { createRng } from '../../../../main/util/rng.ts';
import { disposeMembers, loadMember, predictMember } from '../../../../main/ensemble/predict.ts';

let home: string;
let engine: Engine;

before(async () => {
  await tf.setBackend('cpu');
  home = mkdtempSync(join(tmpdir(), 'mb-ensemble-job-'));
  engine = await createEngine({ home, workers: 2, backend: ['cpu'] });
});
after(async () => {
  await engine.close();
  rmSync(home, { recursive: true, force: true });
});

const build = (request: EnsembleRequestInput) => buildEnsemble(engine, request);

/** The merged model's outputs on dataset rows (raw features). */
async function mergedOutputs(e: EnsembleDetail, x: Float32Array, features: number, rows: number[]): Promise<Float32Array> {
  const model = await loadModelFiles(join(home, 'ensembles', e.id));
  const input = tf.tensor2d(Float32Array.from(rows.flatMap((r) => Array.from(x.subarray(r * features, (r + 1) * features)))), [rows.length, features]);
  const out = (model.predict(input) as tf.Tensor).dataSync() as Float32Array;
  tf.dispose(input);
  model.dispose();
  return out;
}

const splitOf = (runId: string) => JSON.parse(readFileSync(join(home, 'runs', runId, 'split.json'), 'utf8')) as { train: number[]; val: number[]; test: number[] };

test('AdaBoost: members train with the SAMME sample weights, α from their weighted errors; the merged model averages probabilities with α', async () => {
  const iris = await engine.call('datasets.importSample', { sample: 'iris' });
  // Weak members (3 epochs of a 2-unit layer) err, so boosting has rows to emphasise.
  const e = await build({ method: 'boosting', datasetId: iris.id, members: 3, spec: { layers: [{ kind: 'dense', units: 2 }] }, hyperparams: { epochs: 3, batchSize: 16, optimizer: { kind: 'adam', learningRate: 0.05 } }, seed: 11 });
  assert.equal(e.status, 'completed', e.error ?? '');
  const stages = e.report.stages!;
  assert.ok(stages.length >= 2);
  const data = loadDatasetFiles(join(home, 'datasets', iris.id));
  const split = splitOf(e.members[0].runId!);
  const labels = split.train.map((r) => data.y[r]);
  // Replay SAMME from the stored members: each member's rows.json carries the weights it trained with.
  let weights: Float64Array = new Float64Array(split.train.length).fill(1 / split.train.length);
  for (const [i, stage] of stages.entries()) {
    const member = e.members.find((m) => m.stage === stage.stage)!;
    const rows = JSON.parse(readFileSync(join(home, 'runs', member.runId!, 'rows.json'), 'utf8')) as { sampleWeights: number[] };
    const mean = weights.reduce((a, b) => a + b, 0) / weights.length;
    rows.sampleWeights.forEach((w, j) => assert.ok(Math.abs(w - weights[j] / mean) < 1e-4, `stage ${i} row ${j}: trained with ${w}, SAMME says ${weights[j] / mean}`));
    const loaded = await loadMember(join(home, 'runs', member.runId!));
    const predicted = argmaxRows(predictMember(loaded, data, split.train), 3);
    disposeMembers([loaded]);
    const s = sammeStage(weights, predicted, labels, 3);
    assert.ok(Math.abs(s.alpha - stage.alpha!) < 1e-9 && Math.abs(s.error - stage.error!) < 1e-9, `stage ${i}`);
    weights = s.sampleWeights;
  }
  const alphas = stages.map((s) => s.alpha!);
  const total = alphas.reduce((a, b) => a + b, 0);
  e.members.forEach((m, i) => assert.ok(Math.abs(m.weight - alphas[i] / total) < 1e-9));
  const merged = await mergedOutputs(e, data.x, 4, split.test);
  const accuracy = argmaxRows(merged, 3).filter((c, i) => c === data.y[split.test[i]]).length / split.test.length;
  assert.equal(accuracy, e.metrics.test!.accuracy, 'the exported model reproduces the engine\'s test accuracy');
});

test('gradient boosting on a regression set: residual stages, the mean as bias, the model in the target\'s units', async () => {
  const rng = createRng(3);
  const lines = ['a,b,c,y'];
  for (let i = 0; i < 240; i++) {
    const [a, b, c] = [rng.normal(), rng.normal(), rng.normal()];
    lines.push(`${a},${b},${c},${100 + 20 * a - 30 * b + 5 * c * c + rng.normal()}`);
  }
  const ds = await engine.call('datasets.importCsvText', { text: lines.join('\n'), name: 'quadratic', label: 'y', task: 'regression' });
  const e = await build({ method: 'boosting', datasetId: ds.id, members: 4, learningRate: 0.5, spec: { layers: [{ kind: 'dense', units: 8 }] }, hyperparams: { epochs: 20, batchSize: 16, optimizer: { kind: 'adam', learningRate: 0.02 } }, seed: 2 });
  assert.equal(e.status, 'completed', e.error ?? '');
  assert.equal(e.combiner?.kind, 'linear');
  const data = loadDatasetFiles(join(home, 'datasets', ds.id));
  const split = splitOf(e.members[0].runId!);
  const mean = split.train.reduce((s, r) => s + data.y[r], 0) / split.train.length;
  assert.ok(e.combiner?.kind === 'linear' && Math.abs(e.combiner.bias![0] - mean) < 1e-6, 'the bias is the training mean');
  // Stage 2 trained on the residuals of the mean and stage 1.
  const first = JSON.parse(readFileSync(join(home, 'runs', e.members[0].runId!, 'rows.json'), 'utf8')) as { targets: number[] };
  split.train.slice(0, 20).forEach((r) => assert.ok(Math.abs(first.targets[r] - (data.y[r] - mean)) < 1e-3));
  assert.ok(e.metrics.test!.r2 > 0.8, `test r2 ${e.metrics.test!.r2}`);
  const merged = await mergedOutputs(e, data.x, 3, split.test);
  const { mse } = regressionMetrics(split.test.map((r) => data.y[r]), merged);
  assert.ok(Math.abs(mse - e.metrics.test!.mse) <= 1e-4 * e.metrics.test!.mse, `exported mse ${mse} vs engine ${e.metrics.test!.mse}`);
  assert.equal(e.report.diversity?.kind, 'correlation');
});

test('selection over trained members: weights from the path, never worse than the best member on validation', async () => {
  const iris = (await engine.call('datasets.list', {})).find((d) => d.name === 'iris')!;
  const e = await build({ method: 'selection', datasetId: iris.id, members: 4, metric: 'log_loss', size: 15, spec: { layers: [{ kind: 'dense', units: 6 }] }, hyperparams: { epochs: 6, batchSize: 16 }, seed: 5 });
  assert.equal(e.status, 'completed', e.error ?? '');
  const path = e.report.path!;
  assert.equal(path.length, 15);
  assert.ok(e.members.every((m) => m.weight >= 0));
  assert.ok(Math.abs(e.members.reduce((s, m) => s + m.weight, 0) - 1) < 1e-9);
  const bestMember = Math.min(...e.members.map((m) => m.metrics!.val!.loss));
  assert.ok(e.metrics.val!.loss <= bestMember + 1e-6, `ensemble val loss ${e.metrics.val!.loss} vs best member ${bestMember}`);
});
