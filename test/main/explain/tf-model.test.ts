/** The tfjs adapter: predictions and input gradients of real models, batched, without leaks. */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../main/backend/select.ts';
import { rowsPerCall, tfModelFunction } from '../../../main/explain/tf-model.ts';
import { buildModel } from '../../../main/model/builder.ts';
import { MODEL_PRESETS } from '../../../main/model/presets.ts';
import { randomRows } from './helpers.ts';

before(async () => {
  delete process.env.MODELBENCH_BACKEND;
  await initBackend(['wasm']);
});

const tanhMlp = () =>
  buildModel({ layers: [{ kind: 'dense', units: 12, activation: 'tanh', useBias: true }, { kind: 'dense', units: 8, activation: 'sigmoid', useBias: true }] }, { inputShape: [5], outputUnits: 3, task: 'classification' }, 3);
const cnn = () => buildModel(MODEL_PRESETS.find((p) => p.id === 'cnn-reference')!.spec, { inputShape: [28, 28, 1], outputUnits: 10, task: 'classification' }, 1);

test('predict equals model.predict, across more rows than one call takes', () => {
  const model = cnn();
  const fn = tfModelFunction(model);
  assert.equal(fn.features, 784);
  assert.equal(fn.outputs, 10);
  const n = rowsPerCall(model) + 7;
  const x = randomRows(n, 784, 1);
  const ours = fn.predict(x, n) as Float32Array;
  const ref = tf.tidy(() => (model.predict(tf.tensor(x, [n, 28, 28, 1])) as tf.Tensor).dataSync());
  for (let i = 0; i < ours.length; i++) assert.ok(Math.abs(ours[i] - ref[i]) < 1e-6);
  model.dispose();
});

test('input gradients match central finite differences, row by row, for each row\'s own target', () => {
  const model = tanhMlp();
  const fn = tfModelFunction(model);
  const n = 4;
  const x = randomRows(n, 5, 2);
  const targets = Int32Array.of(0, 1, 2, 1);
  const g = fn.gradient(x, n, targets) as Float32Array;
  const h = 1e-2;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 5; j++) {
      const up = x.slice(i * 5, i * 5 + 5);
      const down = up.slice();
      up[j] += h;
      down[j] -= h;
      const fd = ((fn.predict(up, 1) as Float32Array)[targets[i]] - (fn.predict(down, 1) as Float32Array)[targets[i]]) / (2 * h);
      assert.ok(Math.abs(g[i * 5 + j] - fd) < 2e-3, `row ${i} feature ${j}: ${g[i * 5 + j]} vs ${fd}`);
    }
  }
  model.dispose();
});

test('no tensor outlives a call', () => {
  const model = cnn();
  const fn = tfModelFunction(model);
  const before = tf.memory().numTensors;
  fn.predict(randomRows(20, 784, 3), 20);
  fn.gradient(randomRows(20, 784, 3), 20, new Int32Array(20));
  assert.equal(tf.memory().numTensors, before);
  model.dispose();
});

test('a call holds few CNN rows and many MLP rows', () => {
  const [c, m] = [cnn(), tanhMlp()];
  assert.ok(rowsPerCall(c) < 1024 && rowsPerCall(m) === 4096, `${rowsPerCall(c)} ${rowsPerCall(m)}`);
  c.dispose();
  m.dispose();
});
