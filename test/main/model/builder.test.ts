import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { analyseSpec } from '../../../main/model/counts.ts';
import { buildModel, outputUnitsFor } from '../../../main/model/builder.ts';
import { ApiError } from '../../../main/api/errors.ts';
import type { ModelSpec } from '../../../main/api/schemas.ts';
import { SPEC_CASES } from './specs.fixture.ts';

before(async () => {
  await tf.setBackend('cpu');
});

const trainableCount = (model: tf.LayersModel): number => model.trainableWeights.reduce((n, w) => n + (w.shape as number[]).reduce((a, b) => a * b, 1), 0);

describe('buildModel agrees with analyseSpec', () => {
  for (const c of SPEC_CASES) {
    test(c.name, () => {
      const analysis = analyseSpec(c.spec, c.inputShape, c.outputUnits);
      assert.ok(analysis.ok, analysis.ok ? '' : analysis.error);
      const model = buildModel(c.spec, c, 7);
      try {
        assert.equal(analysis.paramCount, model.countParams());
        assert.equal(analysis.trainableParams, trainableCount(model));
        assert.deepEqual(model.outputs[0].shape, [null, ...analysis.outputShape]);
        const names = model.layers.map((l) => l.name);
        assert.equal(new Set(names).size, names.length, 'layer names are unique');
        // A forward pass runs and gives the analysed shape.
        const y = tf.tidy(() => model.predict(tf.ones([2, ...c.inputShape])) as tf.Tensor);
        assert.deepEqual(y.shape, [2, ...analysis.outputShape]);
        assert.ok(Array.from(y.dataSync()).every(Number.isFinite));
        y.dispose();
      } finally {
        model.dispose();
      }
    });
  }
});

test('readable layer names', () => {
  const c = SPEC_CASES.find((s) => s.name.startsWith('residual conv'))!;
  const model = buildModel(c.spec, c, 1);
  const names = model.layers.map((l) => l.name);
  model.dispose();
  for (const n of ['input', 'conv2d_1', 'res2_conv2d_1', 'res2_conv2d_2', 'res2_add', 'res2_relu', 'res3_proj', 'res3_prelu', 'globalAvgPool2d_4', 'head']) {
    assert.ok(names.includes(n), `${n} in ${names.join(' ')}`);
  }
});

test('same seed gives identical weights, another seed different ones', () => {
  const c = SPEC_CASES.find((s) => s.name.startsWith('attention on tokens'))!;
  const read = (seed: number) => {
    const model = buildModel(c.spec, c, seed);
    const values = model.getWeights().map((w) => Array.from(w.dataSync()));
    model.dispose();
    return values;
  };
  const a = read(42);
  assert.deepEqual(read(42), a);
  assert.notDeepEqual(read(43), a);
});

test('head: softmax for classification, linear for regression', () => {
  assert.equal(outputUnitsFor('classification', ['a', 'b', 'c']), 3);
  assert.equal(outputUnitsFor('regression', []), 1);
  const spec: ModelSpec = { layers: [{ kind: 'dense', units: 4, activation: 'relu', useBias: true }] };
  const cls = buildModel(spec, { inputShape: [3], outputUnits: 3, task: 'classification' }, 1);
  const reg = buildModel(spec, { inputShape: [3], outputUnits: 1, task: 'regression' }, 1);
  const config = (m: tf.LayersModel) => m.getLayer('head').getConfig() as { activation: string; units: number };
  assert.equal(config(cls).activation, 'softmax');
  assert.equal(config(reg).activation, 'linear');
  assert.equal(config(reg).units, 1);
  cls.dispose();
  reg.dispose();
});

test('L1/L2 regularisers are attached to kernels', () => {
  const spec: ModelSpec = { layers: [{ kind: 'dense', units: 4, activation: 'relu', useBias: true, regularizer: { l1: 0.01, l2: 0.02 } }] };
  const model = buildModel(spec, { inputShape: [3], outputUnits: 2, task: 'classification' }, 1);
  const config = model.getLayer('dense_1').getConfig() as { kernelRegularizer: { className: string; config: { l1: number; l2: number } } };
  assert.equal(config.kernelRegularizer.className, 'L1L2');
  assert.ok(Math.abs(config.kernelRegularizer.config.l2 - 0.02) < 1e-9);
  const losses = model.calculateLosses();
  assert.equal(losses.length, 1);
  tf.dispose(losses);
  model.dispose();
});

test('a spec that cannot build throws cannot_build with the reason', () => {
  const spec: ModelSpec = { layers: [{ kind: 'conv2d', filters: 4, kernelSize: 3, strides: 1, padding: 'valid', activation: 'relu', useBias: true }] };
  assert.throws(
    () => buildModel(spec, { inputShape: [4], outputUnits: 2, task: 'classification' }, 1),
    (e: unknown) => e instanceof ApiError && e.code === 'cannot_build' && /layer 1 \(conv2d\) needs an image input/.test(e.message),
  );
});

test('building, predicting and disposing leaves no tensors behind', () => {
  const c = SPEC_CASES.find((s) => s.name.startsWith('residual conv'))!;
  const before = tf.memory().numTensors;
  const model = buildModel(c.spec, c, 2);
  tf.tidy(() => {
    model.predict(tf.ones([2, ...c.inputShape]));
  });
  model.dispose();
  assert.equal(tf.memory().numTensors, before);
});
