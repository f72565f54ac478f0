/**
 * Our Conv2D layer (main/model/layers/conv2d.ts): on wasm, conv + bias +
 * ReLU/linear as one kernel under the tape (wasm/conv-bias-activation.ts),
 * whose forward is tfjs's fused inference path bit for bit and whose
 * gradients match the cpu backend's unfused path; elsewhere tfjs's layer.
 * Saved and exported models cannot tell it from tfjs's Conv2D.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../../main/backend/select.ts';
import { Conv2D, conv2d } from '../../../../main/model/layers/conv2d.ts';
import '../../../../main/model/layers/index.ts';
import { assertNoLeaks } from '../../backend/wasm/no-leaks.ts';

before(async () => {
  delete process.env.MODELBENCH_BACKEND;
  await initBackend(['wasm']);
});

function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) out[i] = ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  return out;
}

type Case = { x: [number, number, number, number]; filters: number; kernel: number; strides: number; padding: 'same' | 'valid'; activation: 'relu' | 'linear'; useBias: boolean };

const CASES: Case[] = [
  { x: [2, 9, 9, 3], filters: 8, kernel: 3, strides: 1, padding: 'same', activation: 'relu', useBias: true },
  { x: [2, 8, 7, 4], filters: 6, kernel: 3, strides: 2, padding: 'valid', activation: 'relu', useBias: true }, // 4 lanes + 2-channel tail
  { x: [1, 6, 6, 1], filters: 5, kernel: 2, strides: 1, padding: 'same', activation: 'linear', useBias: true },
  { x: [3, 5, 5, 2], filters: 4, kernel: 3, strides: 1, padding: 'valid', activation: 'relu', useBias: false },
];

/** The loss Σ probe·conv(x) on a backend, with the gradients of the kernel, the bias and the input. */
function lossAndGrads(backend: string, c: Case, layer: tf.layers.Layer, weights: Float32Array[], x: Float32Array, probe: Float32Array) {
  tf.setBackend(backend);
  return tf.tidy(() => {
    layer.setWeights(weights.map((w, i) => tf.tensor(w, layer.getWeights()[i].shape)));
    const xt = tf.tensor4d(x, c.x);
    const loss = (input: tf.Tensor) => {
      const y = layer.apply(input) as tf.Tensor;
      return tf.sum(tf.mul(y, tf.tensor(probe, y.shape))) as tf.Scalar;
    };
    const variables = layer.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
    const { value, grads } = tf.variableGrads(() => loss(xt), variables);
    const dx = tf.grad(loss)(xt);
    return { loss: value.dataSync()[0], grads: variables.map((v) => grads[v.name].dataSync() as Float32Array), dx: dx.dataSync() as Float32Array };
  });
}

for (const c of CASES) {
  test(`conv2d ${c.activation}${c.useBias ? ' + bias' : ''} x${c.x} ${c.kernel}x${c.kernel}/${c.strides} ${c.padding}: wasm (fused) gradients match cpu`, () => {
    tf.setBackend('wasm');
    const layer = conv2d({ filters: c.filters, kernelSize: c.kernel, strides: c.strides, padding: c.padding, activation: c.activation, useBias: c.useBias });
    layer.build([null, ...c.x.slice(1)]);
    const weights = layer.getWeights().map((w, i) => values(w.size, 10 + i));
    const x = values(c.x.reduce((a, b) => a * b, 1), 3);
    const outShape = tf.tidy(() => (layer.apply(tf.zeros(c.x)) as tf.Tensor).shape);
    const probe = values(outShape.reduce((a, b) => a * b, 1), 4);
    const got = lossAndGrads('wasm', c, layer, weights, x, probe);
    const ref = lossAndGrads('cpu', c, layer, weights, x, probe);
    const near = (a: ArrayLike<number>, b: ArrayLike<number>, what: string) => {
      for (let i = 0; i < b.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= 1e-4 * Math.max(1, Math.abs(b[i])), `${what}[${i}]: ${a[i]} vs cpu ${b[i]}`);
    };
    near([got.loss], [ref.loss], 'loss');
    got.grads.forEach((g, i) => near(g, ref.grads[i], `gradient of ${layer.trainableWeights[i].name}`));
    near(got.dx, ref.dx, 'input gradient');
  });
}

/** conv(relu) → conv(second) → flatten → dense on wasm, a batch, and one training step's gradients (returns the loss). */
function twoConvs(second: 'relu' | 'linear') {
  tf.setBackend('wasm');
  const model = tf.sequential({
    layers: [
      conv2d({ inputShape: [10, 10, 2], filters: 4, kernelSize: 3, activation: 'relu' }),
      conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: second }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 3 }),
    ],
  });
  const xs = tf.randomNormal([2, 10, 10, 2]);
  const variables = model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
  const step = () => tf.tidy(() => tf.variableGrads(() => tf.sum(model.apply(xs, { training: true }) as tf.Tensor) as tf.Scalar, variables).value);
  return { model, xs, step };
}

test('on wasm a training step runs one kernel per conv layer forward and skips the first layer\'s input gradient', async () => {
  tf.setBackend('wasm');
  const { model, xs, step } = twoConvs('relu');
  const profile = await tf.profile(step);
  tf.dispose(profile.result as tf.Tensor);
  const count = (name: string) => profile.kernels.filter((k) => k.name === name).length;
  assert.equal(count('ModelbenchConv2DBiasActivation'), 2);
  assert.equal(count('ModelbenchBiasActivationGrad'), 2);
  for (const unfused of ['Conv2D', 'Relu', 'Step', 'Cast']) assert.equal(count(unfused), 0, `${unfused} ran`);
  assert.equal(count('Conv2DBackpropFilter'), 2);
  assert.equal(count('Conv2DBackpropInput'), 1, 'only the second layer needs its input gradient');
  xs.dispose();
  model.dispose();
});

test('the fused forward is tfjs\'s own inference path bit for bit; on cpu the layer runs tfjs\'s kernels', async () => {
  tf.setBackend('wasm');
  const layer = conv2d({ filters: 5, kernelSize: 3, padding: 'same', activation: 'relu' });
  const stock = tf.layers.conv2d({ filters: 5, kernelSize: 3, padding: 'same', activation: 'relu' });
  layer.build([null, 7, 7, 3]);
  stock.build([null, 7, 7, 3]);
  stock.setWeights(layer.getWeights());
  const x = tf.tensor4d(values(2 * 7 * 7 * 3, 8), [2, 7, 7, 3]);
  // Under a tape tfjs's own layer runs Conv2D, Add and Relu; outside one, its fused kernel. Ours is that one always.
  let inTape: number[] = [];
  tf.tidy(() => tf.grad((a: tf.Tensor) => {
    const out = layer.apply(a) as tf.Tensor;
    inTape = Array.from(out.dataSync());
    return tf.sum(out);
  })(x));
  const inference = tf.tidy(() => Array.from((stock.apply(x) as tf.Tensor).dataSync()));
  assert.deepEqual(inTape, inference);
  tf.setBackend('cpu');
  const xc = tf.tensor4d(values(2 * 7 * 7 * 3, 8), [2, 7, 7, 3]);
  const profile = await tf.profile(() => tf.tidy(() => tf.grad((a: tf.Tensor) => tf.sum(layer.apply(a) as tf.Tensor))(xc)));
  assert.ok(profile.kernels.some((k) => k.name === 'Conv2D'), 'tfjs\'s own conv on cpu');
  assert.ok(!profile.kernels.some((k) => k.name.startsWith('Modelbench')));
  tf.dispose([x, xc]);
  tf.setBackend('wasm');
});

test('a model with our Conv2D saves as tfjs\'s Conv2D and loads back as ours', () => {
  tf.setBackend('wasm');
  const build = (conv: typeof conv2d | typeof tf.layers.conv2d) => tf.sequential({
    name: 'm',
    layers: [conv({ name: 'conv2d_1', inputShape: [6, 6, 1], filters: 2, kernelSize: 3, activation: 'relu' }), tf.layers.flatten({ name: 'flatten_1' })],
  });
  const ours = build(conv2d);
  const theirs = build(tf.layers.conv2d);
  const json = (m: tf.LayersModel) => JSON.stringify(m.toJSON(null, false));
  assert.equal(json(ours), json(theirs));
  assert.equal(ours.layers[0].getClassName(), 'Conv2D');
  const loaded = tf.models.modelFromJSON(JSON.parse(json(theirs)) as never);
  return loaded.then((m) => {
    assert.ok(m.layers[0] instanceof Conv2D, 'a loaded Conv2D is ours');
    tf.dispose([ours, theirs, m] as never);
  });
});

test('training through the fused kernel leaks no tensor or heap buffer (relu and linear)', () => {
  const { model, xs, step } = twoConvs('linear');
  assertNoLeaks(() => tf.dispose(step()));
  xs.dispose();
  model.dispose();
});
