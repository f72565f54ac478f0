/**
 * The acceptance test with the real trainer: train iris with trainRun,
 * export, load the export with the official tf.loadLayersModel over HTTP, and
 * compare with Modelbench's own model (loadModelFiles on the run's artifacts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { RunConfig, type DatasetMeta } from '../../../main/api/schemas.ts';
import { parseCsvDataset } from '../../../main/data/csv.ts';
import { applyRecipe } from '../../../main/data/preprocess.ts';
import { loadSample } from '../../../main/data/samples.ts';
import { exportRun } from '../../../main/export/export-run.ts';
import { loadModelFiles } from '../../../main/model/io.ts';
import { trainRun } from '../../../main/train/trainer.ts';
import { runRecordOf } from './trained-run.ts';
import { packageRoot } from '../../../main/util/package-root.ts';
import { applyFeatureRecipe } from './iris-model.ts';
import { serveFolder } from './serve-folder.ts';

test('a run trained by the trainer exports to a model tf.loadLayersModel reproduces exactly', async (t) => {
  await tf.setBackend('cpu');
  const tmp = mkdtempSync(join(tmpdir(), 'mb-export-'));
  t.after(() => rmSync(tmp, { recursive: true, force: true }));
  const data = loadSample('iris');
  const meta: DatasetMeta = {
    id: 'ds_iris', name: 'iris', source: data.source, task: data.task, inputShape: data.inputShape, numSamples: data.y.length,
    classes: data.classes, featureNames: data.featureNames, labelName: data.labelName, classCounts: data.classCounts, createdAt: new Date().toISOString(),
  };
  const config = RunConfig.parse({
    datasetId: meta.id, seed: 11, name: 'iris export',
    spec: { name: 'mlp', layers: [{ kind: 'dense', units: 16 }, { kind: 'dense', units: 8 }] },
    hyperparams: { epochs: 25, batchSize: 16, optimizer: { kind: 'adam', learningRate: 0.02 } },
  });
  const artifactDir = join(tmp, 'runs', 'run_iris');
  const result = await trainRun({ runId: 'run_iris', config, meta, data: { x: data.x, y: data.y }, artifactDir }, { onEvent: () => {} });
  assert.equal(result.status, 'completed', result.error ?? '');
  const run = runRecordOf('run_iris', meta, config, result);


  const outDir = join(tmp, 'export');
  await exportRun({ run, artifactDir, meta }, outDir);
  const pre = JSON.parse(readFileSync(join(outDir, 'preprocessing.json'), 'utf8'));
  assert.deepEqual(pre.recipe, result.recipe);
  assert.deepEqual(pre.featureNames, data.featureNames);

  const { server, url } = await serveFolder(outDir);
  t.after(() => server.close());
  const official = await tf.loadLayersModel(`${url}/model.json`);
  const ours = await loadModelFiles(artifactDir);

  // Modelbench preprocesses with its recipe; a user with preprocessing.json gets the same inputs (to float rounding).
  const input = applyRecipe(result.recipe!, data.x, meta.inputShape);
  const userInput = applyFeatureRecipe(pre.recipe, data.x);
  for (let i = 0; i < input.length; i++) assert.ok(Math.abs(input[i] - userInput[i]) < 1e-5, `input ${i}`);

  const x = tf.tensor2d(input, [data.y.length, 4]);
  const a = (ours.predict(x) as tf.Tensor).dataSync();
  const b = (official.predict(x) as tf.Tensor).dataSync();
  assert.deepEqual(b, a, 'identical float32 predictions');
  const accuracy = Array.from({ length: data.y.length }, (_, i) => {
    const row = Array.from(a.subarray(i * 3, i * 3 + 3));
    return row.indexOf(Math.max(...row)) === data.y[i];
  }).filter(Boolean).length / data.y.length;
  assert.ok(accuracy > 0.85, `accuracy ${accuracy}`);
});

test('an exported regression model, its outputs mapped back with preprocessing.json, reproduces the engine\'s test metrics', async (t) => {
  await tf.setBackend('cpu');
  const tmp = mkdtempSync(join(tmpdir(), 'mb-export-reg-'));
  t.after(() => rmSync(tmp, { recursive: true, force: true }));
  // breast_cancer's mean_area (about 650 ± 350) as a regression target: far from unit scale.
  const data = parseCsvDataset(readFileSync(join(packageRoot, 'assets', 'samples', 'breast_cancer.csv'), 'utf8'), { label: 'mean_area', task: 'regression' });
  const meta: DatasetMeta = {
    id: 'ds_area', name: 'breast cancer area', source: data.source, task: data.task, inputShape: data.inputShape, numSamples: data.y.length,
    classes: [], featureNames: data.featureNames, labelName: data.labelName, classCounts: [], createdAt: new Date().toISOString(),
  };
  const config = RunConfig.parse({ datasetId: meta.id, seed: 5, name: 'area', spec: { layers: [{ kind: 'dense', units: 32 }] }, hyperparams: { epochs: 15 } });
  assert.equal(config.hyperparams.targetScaling, 'standardize', 'the default');
  const artifactDir = join(tmp, 'runs', 'run_area');
  const result = await trainRun({ runId: 'run_area', config, meta, data: { x: data.x, y: data.y }, artifactDir }, { onEvent: () => {} });
  assert.equal(result.status, 'completed', result.error ?? '');
  const run = runRecordOf('run_area', meta, config, result);

  const outDir = join(tmp, 'export');
  await exportRun({ run, artifactDir, meta }, outDir);
  const pre = JSON.parse(readFileSync(join(outDir, 'preprocessing.json'), 'utf8'));
  const split = JSON.parse(readFileSync(join(artifactDir, 'split.json'), 'utf8')) as { train: number[]; test: number[] };
  // The target transform was fitted on the training rows, and the card says how to undo it.
  const trainY = split.train.map((i) => data.y[i]!);
  const mean = trainY.reduce((a, b) => a + b, 0) / trainY.length;
  assert.ok(Math.abs(pre.target.center - mean) < 1e-6 * mean, `center ${pre.target.center} vs ${mean}`);
  assert.deepEqual(pre.target, result.recipe!.target);
  assert.match(pre.howToUse.join(' '), /output \* target\.scale \+ target\.center/);
  assert.match(readFileSync(join(outDir, 'model-card.md'), 'utf8'), /Target scaling \| standardize/);

  // A user's pipeline: the exported files only.
  const model = await loadModelFiles(outDir);
  t.after(() => model.dispose());
  const f = data.inputShape[0]!;
  const rows = split.test;
  const x = new Float32Array(rows.length * f);
  rows.forEach((r, i) => x.set(data.x.subarray(r * f, (r + 1) * f), i * f));
  const out = tf.tidy(() => (model.predict(tf.tensor2d(applyFeatureRecipe(pre.recipe, x), [rows.length, f])) as tf.Tensor).dataSync());
  const predictions = Array.from(out, (v) => v * pre.target.scale + pre.target.center);
  const mse = rows.reduce((s, r, i) => s + (predictions[i]! - data.y[r]!) ** 2, 0) / rows.length;
  const engine = result.metrics.test!;
  assert.ok(Math.abs(mse - engine.mse!) <= 1e-4 * engine.mse!, `user mse ${mse} vs engine ${engine.mse}`);
  // Metrics are in the target's units; the loss is the same error in standardised units.
  assert.ok(Math.abs(engine.loss! - engine.mse! / pre.target.scale ** 2) <= 1e-9 * engine.mse!);
  assert.ok(engine.r2! > 0.85, `test r2 ${engine.r2}`);
  // Forgetting the inverse transform gives errors tens of times larger: the mapping matters.
  const raw = rows.reduce((s, r, i) => s + (out[i]! - data.y[r]!) ** 2, 0) / rows.length;
  assert.ok(raw > 10 * mse, `raw ${raw} vs ${mse}`);
});
