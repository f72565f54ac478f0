import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { fitMlpMeta, mlpMetaLearner } from '../../../main/ensemble/meta-mlp.ts';
import { predictMeta } from '../../../main/ensemble/math/meta.ts';
import { argmaxRows, regressionMetrics } from '../../../main/train/metrics.ts';
import { applyRecipe, fitRecipe } from '../../../main/data/preprocess.ts';
import { irisData, linearData } from '../train/helpers.ts';

before(async () => {
  await tf.setBackend('cpu');
});

test('classification: learns iris, as a relu layer and a softmax head that predictMeta runs; seeded', async () => {
  const d = irisData();
  const all = Int32Array.from({ length: 150 }, (_, i) => i);
  const features = applyRecipe(fitRecipe('standardize', d.x, [4], all), d.x, [4]);
  const data = { features, rows: 150, cols: 4, targets: d.y, task: 'classification' as const, outputs: 3 };
  const tensors = tf.memory().numTensors;
  const model = await mlpMetaLearner({ hidden: 8, epochs: 60, seed: 3 }).fit(data);
  assert.equal(tf.memory().numTensors, tensors, 'no tensors left behind');
  assert.deepEqual(model.layers.map((l) => [l.inputs, l.units, l.activation]), [[4, 8, 'relu'], [8, 3, 'softmax']]);
  const predicted = argmaxRows(predictMeta(model, features, 150), 3);
  const accuracy = predicted.filter((p, i) => p === d.y[i]).length / 150;
  assert.ok(accuracy >= 0.9, `training accuracy ${accuracy}`);
  assert.deepEqual(await fitMlpMeta(data, { hidden: 8, epochs: 60, seed: 3 }), model, 'same seed, same weights');
});

test('regression: fits a linear target', async () => {
  const d = linearData(200, 3);
  const model = await fitMlpMeta({ features: d.x, rows: 200, cols: 3, targets: d.y, task: 'regression', outputs: 1 }, { hidden: 8, epochs: 80, seed: 1 });
  assert.equal(model.layers.at(-1)!.activation, 'linear');
  const { r2 } = regressionMetrics(d.y, predictMeta(model, d.x, 200));
  assert.ok(r2 > 0.9, `r2 ${r2}`);
});

test("regression with several targets per row (a forecast's steps): one linear unit per target, each fitted", async () => {
  const d = linearData(200, 3);
  // Step 2 is another linear function of the same features: the target and its negative, shifted.
  const targets = Float32Array.from({ length: 400 }, (_, i) => (i % 2 === 0 ? d.y[i >> 1] : 1 - d.y[i >> 1]));
  const model = await fitMlpMeta({ features: d.x, rows: 200, cols: 3, targets, task: 'regression', outputs: 2 }, { hidden: 8, epochs: 80, seed: 1 });
  assert.deepEqual(model.layers.map((l) => [l.inputs, l.units, l.activation]), [[3, 8, 'relu'], [8, 2, 'linear']]);
  const predicted = predictMeta(model, d.x, 200);
  for (const k of [0, 1]) {
    const { r2 } = regressionMetrics(Float32Array.from({ length: 200 }, (_, r) => targets[r * 2 + k]), Float32Array.from({ length: 200 }, (_, r) => predicted[r * 2 + k]));
    assert.ok(r2 > 0.9, `step ${k}: r2 ${r2}`);
  }
});

test('options are bounded', async () => {
  const data = { features: new Float32Array(4), rows: 2, cols: 2, targets: [0, 1], task: 'classification' as const, outputs: 2 };
  await assert.rejects(fitMlpMeta(data, { hidden: 0 }), { code: 'invalid_argument', message: /hidden units must be an integer from 1 to 256/ });
  await assert.rejects(fitMlpMeta(data, { epochs: 5000 }), { code: 'invalid_argument' });
  await assert.rejects(fitMlpMeta({ ...data, rows: 3 }), { code: 'invalid_argument' });
});
