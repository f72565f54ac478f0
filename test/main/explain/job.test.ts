/**
 * An explanation job of a stored run (main/explain/job.ts, what the explain
 * worker runs) and the worker thread around it (thread.ts): real runs trained
 * by the trainer into temp folders, explained from their files.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { ParsedDataset } from '../../../main/data/types.ts';
import { saveDatasetFiles } from '../../../main/data/store.ts';
import { runExplainJob, type ExplainJobInput } from '../../../main/explain/job.ts';
import { ExplainRequest, type ExplainRequestInput, type GlobalExplanationResult, type LocalExplanationResult } from '../../../main/explain/request.ts';
import { resolveExplainSettings } from '../../../main/explain/settings.ts';
import { explainInWorker } from '../../../main/explain/thread.ts';
import { loadModelFiles } from '../../../main/model/io.ts';
import { readRecipeFile, readSplitFile } from '../../../main/train/artifacts.ts';
import { trainRun } from '../../../main/train/trainer.ts';
import { loadSample } from '../../../main/data/samples.ts';
import { parseCsvDataset } from '../../../main/data/csv.ts';
import { irisData, linearData, makeInput, metaOf } from '../train/helpers.ts';

type Trained = { input: (req: Omit<ExplainRequestInput, 'runId'>) => ExplainJobInput; dir: string };

async function trainAndStore(d: ParsedDataset, hyperparams: Parameters<typeof makeInput>[1], spec?: NonNullable<Parameters<typeof makeInput>[2]>['spec']): Promise<Trained> {
  const run = makeInput(d, hyperparams, { spec });
  const result = await trainRun(run, { onEvent: () => {} });
  assert.equal(result.status, 'completed', result.error ?? '');
  const datasetDir = mkdtempSync(join(tmpdir(), 'mb-explain-ds-'));
  saveDatasetFiles(datasetDir, d);
  const meta = metaOf(d);
  const split = readSplitFile(run.artifactDir);
  const recipe = readRecipeFile(run.artifactDir);
  const facts = { runName: 'test', task: meta.task, inputShape: meta.inputShape, featureNames: meta.featureNames, classes: meta.classes, splitSizes: { val: split.val.length, test: split.test.length } };
  return {
    dir: run.artifactDir,
    input: (req) => ({
      settings: resolveExplainSettings(ExplainRequest.parse({ runId: 'r', ...req }), facts),
      modelDir: run.artifactDir, datasetDir, meta, recipe, split,
    }),
  };
}

describe('explanation jobs of stored runs', () => {
  let iris: Trained;
  let linear: Trained;
  let digits: Trained;
  before(async () => {
    await tf.setBackend('cpu');
    iris = await trainAndStore(irisData(), { optimizer: { kind: 'adam', learningRate: 0.05 }, epochs: 15, batchSize: 16 });
    linear = await trainAndStore(linearData(), { optimizer: { kind: 'adam', learningRate: 0.05 }, epochs: 30, batchSize: 16 });
    digits = await trainAndStore(loadSample('digits'), { epochs: 1, batchSize: 64 }, {
      layers: [{ kind: 'conv2d', filters: 4, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu', useBias: true }, { kind: 'flatten' }],
    });
  });
  after(() => {
    for (const t of [iris, linear, digits]) rmSync(t.dir, { recursive: true, force: true });
  });

  test('images: saliency per pixel with the raw image beside it (occlusion, IG), LIME over segments', async () => {
    for (const method of ['occlusion', 'integrated-gradients', 'lime'] as const) {
      const input = digits.input({ method, rows: 2, ...(method === 'lime' ? { options: { samples: 200 } } : {}) });
      const r = (await runExplainJob(input, {})) as LocalExplanationResult;
      assert.equal(r.method, method === 'lime' ? 'lime-image' : method);
      assert.equal(r.features.length, 64);
      for (const row of r.rows) {
        assert.equal(row.attributions.length, 64);
        assert.equal(row.image?.length, 64);
        assert.equal(row.values, undefined);
        if (method === 'lime') assert.equal(row.segments?.length, 64);
      }
      const dataRow = input.split.val[1];
      assert.deepEqual(r.rows[1].image, Array.from(loadSample('digits').x.subarray(dataRow * 64, dataRow * 64 + 64)));
    }
  });

  test("'shap' on 4 features is exact: additive to the predicted class's probability, which the stored model gives", async () => {
    const input = iris.input({ method: 'shap', rows: 5 });
    assert.equal(input.settings.method, 'exact-shapley');
    const r = (await runExplainJob(input, {})) as LocalExplanationResult;
    assert.equal(r.method, 'exact-shapley');
    assert.match(r.note ?? '', /exact Shapley values \(4 features/);
    assert.deepEqual(r.features, irisData().featureNames);
    assert.equal(r.rows.length, 5);
    const model = await loadModelFiles(input.modelDir);
    const recipe = input.recipe!;
    for (const row of r.rows) {
      assert.ok(Math.abs(row.base + row.attributions.reduce((a, b) => a + b, 0) - row.prediction) < 1e-5);
      // The row is the split's validation row, preprocessed with the run's recipe.
      const dataRow = input.split.val[row.index];
      const raw = irisData().x.subarray(dataRow * 4, dataRow * 4 + 4);
      assert.deepEqual(row.values, Array.from(raw));
      assert.equal(row.label, irisData().y[dataRow]);
      const scaled = Array.from(raw, (v, j) => (v - recipe.center[j]) / recipe.scale[j]);
      const p = (model.predict(tf.tensor2d([scaled])) as tf.Tensor).dataSync();
      assert.ok(Math.abs(p[row.target] - row.prediction) < 1e-5);
      assert.equal(row.target, p.indexOf(Math.max(...p)));
    }
    model.dispose();
  });

  test('regression is explained in the target’s units: KernelSHAP recovers the linear weights times the deviation', async () => {
    const input = linear.input({ method: 'kernel-shap', rows: 10, background: 30 });
    const r = (await runExplainJob(input, {})) as LocalExplanationResult;
    for (const row of r.rows) {
      assert.ok(Math.abs(row.additivityGap) < 1e-6);
      // y = 2a − 3b + 0.5c + 1: predictions are in y's units, near the label.
      assert.ok(Math.abs(row.prediction - row.label) < 0.6, `prediction ${row.prediction} vs label ${row.label}`);
    }
    // φ_b ≈ −3·(b − E[b]): strongly anti-correlated with b, and the largest in size on average.
    const meanAbs = [0, 1, 2].map((j) => r.rows.reduce((s, row) => s + Math.abs(row.attributions[j]), 0) / r.rows.length);
    assert.ok(meanAbs[1] > meanAbs[0] && meanAbs[0] > meanAbs[2], `mean |φ| ${meanAbs}`);
    for (const row of r.rows) assert.ok(Math.sign(row.attributions[1]) === -Math.sign(row.values![1] - 0) || Math.abs(row.values![1]) < 0.3);
  });

  test('permutation ranks the features of the linear target by their weights', async () => {
    const r = (await runExplainJob(linear.input({ method: 'permutation', options: { repeats: 3 } }), {})) as GlobalExplanationResult;
    assert.equal(r.kind, 'global');
    assert.equal(r.metric, 'mse');
    const order = [...r.importances].sort((a, b) => b.mean - a.mean).map((i) => i.feature);
    assert.deepEqual(order, ['b', 'a', 'c']);
  });

  test('in a worker thread: progress arrives, the result matches the in-thread one, and cancel ends it', async () => {
    const input = iris.input({ method: 'integrated-gradients', rows: 8 });
    const progress: number[] = [];
    const inWorker = (await explainInWorker(input, { backend: ['cpu'], onProgress: (done, total) => progress.push(done / total) })) as LocalExplanationResult;
    const here = (await runExplainJob(input, {})) as LocalExplanationResult;
    assert.ok(progress.length >= 1 && progress.at(-1) === 1);
    assert.deepEqual(inWorker.rows.map((r) => r.attributions.map((v) => v.toFixed(5))), here.rows.map((r) => r.attributions.map((v) => v.toFixed(5))));
    const controller = new AbortController();
    let after = 0;
    const cancelled = explainInWorker(iris.input({ method: 'gradient-shap', rows: 30, background: 50, options: { samples: 1000 } }), {
      backend: ['cpu'],
      signal: controller.signal,
      // The first progress message proves the job runs; the abort terminates it there.
      onProgress: () => (controller.signal.aborted ? after++ : controller.abort(new Error('stop'))),
    });
    await assert.rejects(cancelled, /stop/);
    assert.equal(after, 0, 'no progress reported after the cancel');
  });

  test('an ApiError raised in the worker comes back with its code', async () => {
    const input = iris.input({ method: 'kernel-shap', rows: 2 });
    await assert.rejects(explainInWorker({ ...input, modelDir: join(tmpdir(), 'no-such-run') }, { backend: ['cpu'] }), (e: Error & { code?: string }) => typeof e.code === 'string');
  });
});

describe('LIME on a table with a text column (one-hot encoded at import)', () => {
  let colours: Trained;
  before(async () => {
    await tf.setBackend('cpu');
    // The label is mostly the colour (red → 1); x1 matters a little, x2 not at all.
    let s = 5;
    const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const lines = ['x1,colour,x2,label'];
    for (let i = 0; i < 400; i++) {
      const u = rnd();
      const colour = u < 0.5 ? 'red' : u < 0.8 ? 'green' : 'blue';
      const x1 = rnd() * 2 - 1;
      lines.push(`${x1.toFixed(3)},${colour},${(rnd() * 2 - 1).toFixed(3)},${+(colour === 'red' ? rnd() < 0.95 : x1 > 0.8)}`);
    }
    const d = parseCsvDataset(lines.join('\n'));
    assert.deepEqual(d.featureNames, ['x1', 'colour=blue', 'colour=green', 'colour=red', 'x2']);
    colours = await trainAndStore(d, { optimizer: { kind: 'adam', learningRate: 0.05 }, epochs: 20, batchSize: 16 });
  });
  after(() => rmSync(colours.dir, { recursive: true, force: true }));

  test("the colour is one player drawn as a category; it explains most of the prediction, and a row's value is its category", async () => {
    const input = colours.input({ method: 'lime', rows: 12, options: { samples: 1500, maxFeatures: 3 } });
    const r = (await runExplainJob(input, {})) as LocalExplanationResult;
    assert.deepEqual(r.features, ['x1', 'colour', 'x2']);
    assert.equal(r.details.categorical, 1);
    const meanAbs = [0, 1, 2].map((j) => r.rows.reduce((sum, row) => sum + Math.abs(row.attributions[j]), 0) / r.rows.length);
    assert.ok(meanAbs[1] > meanAbs[0] && meanAbs[1] > 3 * meanAbs[2], `mean |attribution| x1, colour, x2: ${meanAbs}`);
    for (const row of r.rows) {
      // values: the position of the row's category in the block (blue 0, green 1, red 2).
      assert.ok([0, 1, 2].includes(row.values![1]));
      // A red row predicted red owes it to its colour.
      if (row.values![1] === 2 && row.target === 1) assert.ok(row.attributions[1] > 0, `red row ${row.index}: ${row.attributions}`);
    }
  });

  test('maxFeatures past the players is refused up front, counting the one-hot block once', () => {
    assert.throws(() => colours.input({ method: 'lime', options: { maxFeatures: 4 } }), (e: Error & { code?: string }) => e.code === 'invalid_argument' && /at most 3/.test(e.message));
  });
});
