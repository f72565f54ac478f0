/**
 * exportRun with format 'onnx' on runs trained by the real trainer: the files,
 * and the model run in onnxruntime-web against the run's own tfjs model —
 * without --with-preprocessing on preprocessed inputs, with it on raw inputs
 * (and, for regression, predictions in the target's units).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ApiError } from '../../../../main/api/errors.ts';
import { ModelSpec, RunConfig, type DatasetMeta, type PreprocessRecipe, type RunRecord } from '../../../../main/api/schemas.ts';
import { parseCsvDataset } from '../../../../main/data/csv.ts';
import { applyRecipe, unscaleTargets } from '../../../../main/data/preprocess.ts';
import { layersModelToOnnx } from '../../../../main/export/onnx/convert.ts';
import type { ParsedDataset } from '../../../../main/data/types.ts';
import { exportRun } from '../../../../main/export/export-run.ts';
import { buildModel } from '../../../../main/model/builder.ts';
import { loadModelFiles } from '../../../../main/model/io.ts';
import { trainRun } from '../../../../main/train/trainer.ts';
import { packageRoot } from '../../../../main/util/package-root.ts';
import { maxDifference, randomInputs, randomiseWeights, runOnnx } from './ort.ts';

type Trained = { run: RunRecord; meta: DatasetMeta; artifactDir: string; recipe: PreprocessRecipe; data: ParsedDataset; testRows: number[] };

async function train(tmp: string, data: ParsedDataset, spec: unknown, id: string): Promise<Trained> {
  const meta: DatasetMeta = {
    id: `ds_${id}`, name: id, source: data.source, task: data.task, inputShape: data.inputShape, numSamples: data.y.length,
    classes: data.classes, featureNames: data.featureNames, labelName: data.labelName, classCounts: data.classCounts, createdAt: new Date().toISOString(),
  };
  const config = RunConfig.parse({ datasetId: meta.id, seed: 3, name: id, spec, hyperparams: { epochs: 8 } });
  const artifactDir = join(tmp, 'runs', id);
  const result = await trainRun({ runId: id, config, meta, data: { x: data.x, y: data.y }, artifactDir }, { onEvent: () => {} });
  assert.equal(result.status, 'completed', result.error ?? '');
  const run: RunRecord = {
    id, name: id, datasetId: meta.id, datasetName: meta.name, status: result.status, config, backend: result.backend,
    versions: { modelbench: '0.1.0' }, seed: config.seed, paramCount: result.paramCount, flops: result.flops, createdAt: new Date().toISOString(),
    startedAt: null, finishedAt: null, durationMs: null, epochsDone: result.epochsDone, error: null, metrics: result.metrics, notes: '', tags: [],
  };
  const split = JSON.parse(readFileSync(join(artifactDir, 'split.json'), 'utf8')) as { test: number[] };
  return { run, meta, artifactDir, recipe: result.recipe!, data, testRows: split.test };
}

function rowsOf(data: ParsedDataset, rows: number[]): Float32Array {
  const f = data.x.length / data.y.length;
  const x = new Float32Array(rows.length * f);
  rows.forEach((r, i) => x.set(data.x.subarray(r * f, (r + 1) * f), i * f));
  return x;
}

const csv = (name: string, opts: { label?: string; task?: 'regression' | 'classification' } = {}) =>
  parseCsvDataset(readFileSync(join(packageRoot, 'assets', 'samples', `${name}.csv`), 'utf8'), opts);

test('ONNX export of a trained iris run: files, and the model matches tfjs with and without the preprocessing in the graph', async (t) => {
  await tf.setBackend('cpu');
  const tmp = mkdtempSync(join(tmpdir(), 'mb-onnx-'));
  t.after(() => rmSync(tmp, { recursive: true, force: true }));
  const iris = await train(tmp, csv('iris'), { layers: [{ kind: 'dense', units: 12, activation: 'relu' }, { kind: 'batchNorm' }] }, 'run_iris');
  const tfModel = await loadModelFiles(iris.artifactDir);
  t.after(() => tfModel.dispose());
  const raw = rowsOf(iris.data, iris.testRows);
  const n = iris.testRows.length;
  const scaled = applyRecipe(iris.recipe, raw, iris.meta.inputShape);

  const plain = join(tmp, 'plain');
  const result = await exportRun({ run: iris.run, artifactDir: iris.artifactDir, meta: iris.meta }, plain, { format: 'onnx' });
  assert.deepEqual(result.files.map((f) => f.slice(plain.length + 1)).sort(), ['model-card.md', 'model.onnx', 'preprocessing.json']);
  const pre = JSON.parse(readFileSync(join(plain, 'preprocessing.json'), 'utf8'));
  assert.equal(pre.modelFormat, 'onnx');
  assert.equal(pre.preprocessingInGraph, false);
  assert.match(readFileSync(join(plain, 'model-card.md'), 'utf8'), /model\.onnx/);
  const plainDiff = await maxDifference(tfModel, readFileSync(join(plain, 'model.onnx')), scaled, n);

  const folded = join(tmp, 'folded');
  await exportRun({ run: iris.run, artifactDir: iris.artifactDir, meta: iris.meta }, folded, { format: 'onnx', withPreprocessing: true });
  const foldedPre = JSON.parse(readFileSync(join(folded, 'preprocessing.json'), 'utf8'));
  assert.equal(foldedPre.preprocessingInGraph, true);
  assert.match(foldedPre.howToUse.join(' '), /feed raw inputs/);
  // tfjs on Modelbench's preprocessed rows; ONNX on the raw rows.
  const foldedDiff = await maxDifference(tfModel, readFileSync(join(folded, 'model.onnx')), scaled, n, raw);
  t.diagnostic(`iris: max |tfjs - onnx| ${plainDiff.toExponential(2)}; with preprocessing on raw inputs ${foldedDiff.toExponential(2)}`);
  assert.ok(plainDiff <= 1e-4 && foldedDiff <= 1e-4, `${plainDiff} ${foldedDiff}`);
  // Raw inputs into the graph without preprocessing give other answers: the fold is doing the work.
  assert.ok((await maxDifference(tfModel, readFileSync(join(plain, 'model.onnx')), scaled, n, raw)) > 0.01);

  // Exporting tfjs into the same folder replaces the ONNX model instead of leaving both.
  await exportRun({ run: iris.run, artifactDir: iris.artifactDir, meta: iris.meta }, plain);
  assert.ok(existsSync(join(plain, 'model.json')) && !existsSync(join(plain, 'model.onnx')));
  await assert.rejects(
    exportRun({ run: iris.run, artifactDir: iris.artifactDir, meta: iris.meta }, join(tmp, 'x'), { withPreprocessing: true }),
    (e: unknown) => e instanceof ApiError && e.code === 'invalid_argument',
  );
});

test('ONNX export with the preprocessing folded in: a regression run predicts in the target\'s units from raw features', async (t) => {
  await tf.setBackend('cpu');
  const tmp = mkdtempSync(join(tmpdir(), 'mb-onnx-reg-'));
  t.after(() => rmSync(tmp, { recursive: true, force: true }));
  // mean_area, about 650 ± 350: far from unit scale on both sides of the model.
  const area = await train(tmp, csv('breast_cancer', { label: 'mean_area', task: 'regression' }), { layers: [{ kind: 'dense', units: 32, activation: 'relu' }] }, 'run_area');
  assert.equal(area.recipe.target?.method, 'standardize');
  const out = join(tmp, 'out');
  await exportRun({ run: area.run, artifactDir: area.artifactDir, meta: area.meta }, out, { format: 'onnx', withPreprocessing: true });

  const raw = rowsOf(area.data, area.testRows);
  const n = area.testRows.length;
  const tfModel = await loadModelFiles(area.artifactDir);
  t.after(() => tfModel.dispose());
  const standardised = tf.tidy(() => (tfModel.predict(tf.tensor2d(applyRecipe(area.recipe, raw, area.meta.inputShape), [n, raw.length / n])) as tf.Tensor).dataSync() as Float32Array);
  const expected = unscaleTargets(area.recipe.target!, standardised);
  const onnx = (await runOnnx(readFileSync(join(out, 'model.onnx')), { input: { data: raw, dims: [n, raw.length / n] } })).head.data;
  let worst = 0;
  let worstRelative = 0;
  for (let i = 0; i < n; i++) {
    worst = Math.max(worst, Math.abs(onnx[i] - expected[i]));
    worstRelative = Math.max(worstRelative, Math.abs(onnx[i] - expected[i]) / Math.max(1, Math.abs(expected[i])));
  }
  t.diagnostic(`mean_area: max |tfjs - onnx| = ${worst.toExponential(2)} in the target's units (values ~650; float32 spacing there is 6e-5), relative ${worstRelative.toExponential(2)}`);
  assert.ok(worstRelative <= 1e-6, `relative ${worstRelative}`);
  // In the model's own (standardised) units the difference is within the 1e-4 of every other export.
  const scale = area.recipe.target!.scale;
  assert.ok(worst / scale <= 1e-4, `${worst / scale}`);
  // The engine's test mse, from ONNX predictions on raw rows.
  const mse = area.testRows.reduce((s, r, i) => s + (onnx[i] - area.data.y[r]) ** 2, 0) / n;
  const engine = area.run.metrics.test!.mse!;
  assert.ok(Math.abs(mse - engine) <= 1e-4 * engine, `onnx mse ${mse} vs engine ${engine}`);
});

test('a per-channel image recipe folds in front of a conv net (raw pixels in)', async (t) => {
  await tf.setBackend('cpu');
  const inputShape = [6, 6, 3];
  const model = buildModel(ModelSpec.parse({ layers: [{ kind: 'conv2d', filters: 4, kernelSize: 3 }, { kind: 'globalAvgPool2d' }] }), { inputShape, outputUnits: 2, task: 'classification' }, 1);
  t.after(() => model.dispose());
  randomiseWeights(model, 6);
  const recipe: PreprocessRecipe = { method: 'standardize', axis: 'channel', center: [120, 80, 30], scale: [60, 40, 20] };
  const raw = Float32Array.from(randomInputs(3, inputShape, 2), (v) => 100 + 50 * v);
  const diff = await maxDifference(model, layersModelToOnnx(model, { recipe }), applyRecipe(recipe, raw, inputShape), 3, raw);
  t.diagnostic(`per-channel recipe: max |tfjs - onnx| = ${diff.toExponential(2)}`);
  assert.ok(diff <= 1e-4, String(diff));
});
