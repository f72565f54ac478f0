/** Per-layer diagnostics of real tfjs models on a probe batch. */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import type { ModelSpec } from '../../../main/api/schemas.ts';
import { initBackend } from '../../../main/backend/select.ts';
import { createDiagnosticsProbe } from '../../../main/diagnose/tf-probe.ts';
import { BYTES_PER_LAYER_EPOCH } from '../../../main/diagnose/types.ts';
import { buildModel } from '../../../main/model/builder.ts';
import { MODEL_PRESETS } from '../../../main/model/presets.ts';
import { createTrainStep, lossFor } from '../../../main/train/step.ts';
import { randomRows } from '../explain/helpers.ts';

before(async () => {
  delete process.env.MODELBENCH_BACKEND;
  await initBackend(['wasm']);
});

const SPEC: ModelSpec = {
  layers: [
    { kind: 'dense', units: 8, activation: 'relu', useBias: true },
    { kind: 'dense', units: 4, activation: 'sigmoid', useBias: true },
    { kind: 'dense', units: 6, activation: 'leaky_relu', useBias: true },
  ],
};
const n = 32;
const batch = () => ({ x: randomRows(n, 5, 1), y: Float32Array.from({ length: n }, (_, i) => i % 3), n });
const build = () => buildModel(SPEC, { inputShape: [5], outputUnits: 3, task: 'classification' }, 2);

test('tracks weighted and activation layers; weights and the loss gradient norm are the model\'s own', () => {
  const model = build();
  const data = batch();
  const probe = createDiagnosticsProbe(model, data, 'categorical');
  const d = probe.measure(1);
  assert.deepEqual(d.layers.map((l) => [l.layer, l.activation, l.units]), [
    ['dense_1', 'relu', 8], ['dense_2', 'sigmoid', 4], ['dense_3', 'linear', 6], ['dense_3_leaky_relu', 'leaky_relu', 6], ['head', 'softmax', 3],
  ]);
  const first = d.layers[0];
  assert.equal(first.params, 5 * 8 + 8);
  assert.equal(first.weights?.count, 48);
  // The same loss and gradient computed directly, in inference mode.
  const vars = model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
  const expected = tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => lossFor('categorical', tf.tensor1d(data.y), model.apply(tf.tensor2d(data.x, [n, 5]), { training: false }) as tf.Tensor), vars);
    return { loss: value.dataSync()[0], norm: Math.sqrt(Object.values(grads).reduce((s, g) => s + tf.sum(tf.square(g)).dataSync()[0], 0)) };
  });
  assert.ok(Math.abs(d.loss - expected.loss) < 1e-5);
  assert.ok(Math.abs(d.gradNorm - expected.norm) < 1e-4 * expected.norm, `${d.gradNorm} vs ${expected.norm}`);
  assert.equal(d.layers[3].weights, null);
  for (const l of d.layers) assert.ok(JSON.stringify(l).length <= BYTES_PER_LAYER_EPOCH, `${l.layer}: ${JSON.stringify(l).length} bytes`);
  probe.dispose();
  model.dispose();
});

test('the update ratio is null at first, then ‖Δw‖/‖w‖ of what training changed', () => {
  const model = build();
  const data = batch();
  const probe = createDiagnosticsProbe(model, data, 'categorical');
  assert.equal(probe.measure(1).layers[0].updateRatio, null);
  // dense_1's kernel and bias, flattened, before and after one SGD step.
  const values = () => model.getLayer('dense_1').getWeights().flatMap((w) => Array.from(w.dataSync()));
  const before = values();
  const opt = tf.train.sgd(0.5);
  const step = createTrainStep(model, opt, 'categorical');
  tf.tidy(() => step(tf.tensor2d(data.x, [n, 5]), tf.tensor1d(data.y)));
  const after = values();
  const d = probe.measure(2);
  let diff = 0, base = 0;
  before.forEach((b, i) => { diff += (after[i] - b) ** 2; base += b * b; });
  assert.ok(diff > 0);
  assert.ok(Math.abs(d.layers[0].updateRatio! - Math.sqrt(diff / base)) < 1e-6, `${d.layers[0].updateRatio} vs ${Math.sqrt(diff / base)}`);
  opt.dispose();
  probe.dispose();
  model.dispose();
});

test('dead ReLU units and saturated sigmoid units are found', () => {
  const model = build();
  const dense1 = model.getLayer('dense_1');
  const [k1] = dense1.getWeights();
  const deadBias = tf.tensor1d([-100, -100, -100, -100, -100, 0, 0, 0]);
  dense1.setWeights([k1, deadBias]);
  const dense2 = model.getLayer('dense_2');
  const [k2, b2] = dense2.getWeights();
  const huge = tf.mul(k2, 1000);
  dense2.setWeights([huge, b2]);
  const probe = createDiagnosticsProbe(model, batch(), 'categorical');
  const d = probe.measure(1);
  assert.equal(d.layers[0].deadFraction, 5 / 8);
  assert.ok(d.layers[1].saturatedFraction! >= 0.5, `${d.layers[1].saturatedFraction}`);
  assert.equal(d.layers[2].deadFraction, null);
  tf.dispose([deadBias, huge]);
  probe.dispose();
  model.dispose();
});

test('the reference CNN: channels as units, no tensor left behind', () => {
  const model = buildModel(MODEL_PRESETS.find((p) => p.id === 'cnn-reference')!.spec, { inputShape: [28, 28, 1], outputUnits: 10, task: 'classification' }, 1);
  const start = tf.memory().numTensors;
  const probe = createDiagnosticsProbe(model, { x: randomRows(8, 784, 2), y: Float32Array.from({ length: 8 }, (_, i) => i), n: 8 }, 'categorical');
  const d = probe.measure(1);
  probe.measure(2);
  probe.dispose();
  assert.equal(tf.memory().numTensors, start);
  assert.deepEqual(d.layers.map((l) => [l.layer, l.units]), [['conv2d_1', 16], ['conv2d_3', 32], ['dense_6', 64], ['head', 10]]);
  assert.equal(d.layers[0].activations.count, 8 * 26 * 26 * 16);
  model.dispose();
});
