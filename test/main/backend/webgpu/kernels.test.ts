/**
 * Every kernel and gradient our layers, optimizers and training aids use, on
 * webgpu against the cpu backend (the reference), from the same JS arrays.
 * Runs on SwiftShader here and in CI; skips where no adapter exists.
 *
 * Tolerance 1e-4 of max(1, |reference|): both sides are float32; the GPU sums in
 * another order (tiled matmuls, tree reductions), which for the ≤ 1,000-term
 * sums here moves results by ~1e-6 relative, and Vulkan lets exp/log/tanh be a
 * few ulp off. A wrong index or a missed term is off by far more than 1e-4.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { maxRelativeError, testValues } from '../../../../main/backend/webgpu/self-test.ts';
import { useWebGpu } from './env.ts';
import { CONV_CASES, POOL_CASES } from '../kernel-cases.ts';

const gpu = await useWebGpu();
const skip = gpu.skip || undefined;
const TOL = 1e-4;

type Arr = { values: Float32Array; shape: number[] };
const rand = (shape: number[], seed: number): Arr => ({ values: testValues(shape.reduce((a, b) => a * b, 1), seed), shape });

async function on(backend: string, inputs: Arr[], f: (...ts: tf.Tensor[]) => tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  return tf.tidy(() => f(...inputs.map((a) => tf.tensor(a.values, a.shape))).map((t) => t.dataSync() as Float32Array));
}

async function compare(name: string, inputs: Arr[], f: (...ts: tf.Tensor[]) => tf.Tensor[], tol = TOL): Promise<void> {
  const ref = await on('cpu', inputs, f);
  const got = await on('webgpu', inputs, f);
  ref.forEach((r, i) => {
    const err = maxRelativeError(got[i], r);
    assert.ok(err <= tol, `${name} output ${i}: max relative error ${err} > ${tol}`);
  });
}

/** d/d(inputs) of Σ r·f(inputs), with r a fixed random tensor: every output element's gradient path is weighted. */
const gradsOf = (f: (...xs: tf.Tensor[]) => tf.Tensor) => (...ts: tf.Tensor[]) => {
  const r = ts.pop() as tf.Tensor;
  return [f(...ts), ...tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(f(...xs), r)))(ts)];
};
const outShape = (f: (...xs: tf.Tensor[]) => tf.Tensor, shapes: number[][]) => tf.tidy(() => f(...shapes.map((s) => tf.zeros(s))).shape);

before(() => {
  if (gpu.skip) console.log(`# webgpu kernel tests skipped: ${gpu.skip}`);
});

for (const c of CONV_CASES) {
  test(`conv2d + bias forward and gradients: x${c.x} w${c.w} stride ${c.stride} ${c.pad}`, { skip }, async () => {
    const f = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.add(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.stride, c.pad), b);
    const b = [c.w[3]];
    await compare('conv2d', [rand(c.x, 1), rand(c.w, 2), rand(b, 3), rand(outShape(f, [c.x, c.w, b]), 4)], gradsOf(f));
  });
}

for (const [pool, stride, pad] of POOL_CASES) {
  test(`maxPool and avgPool gradients: pool ${pool} stride ${stride} ${pad}`, { skip }, async () => {
    // Exact ties (ReLU zeros): max pooling must send the gradient to the same (first) maximum as cpu.
    const x = rand([2, 7, 7, 3], 7);
    for (let i = 0; i < x.values.length; i += 3) x.values[i] = Math.max(0, x.values[i]);
    const max = (a: tf.Tensor) => tf.maxPool(a as tf.Tensor4D, pool, stride, pad);
    const avg = (a: tf.Tensor) => tf.avgPool(a as tf.Tensor4D, pool, stride, pad);
    await compare('maxPool', [x, rand(outShape(max, [x.shape]), 8)], gradsOf(max), 1e-6);
    await compare('avgPool', [x, rand(outShape(avg, [x.shape]), 9)], gradsOf(avg));
  });
}

test('dense: matMul with transpose flags and fused bias + activation, and their gradients', { skip }, async () => {
  const dense = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.fused.matMul({ a: x as tf.Tensor2D, b: w as tf.Tensor2D, bias: b, activation: 'relu' });
  await compare('dense', [rand([33, 17], 10), rand([17, 9], 11), rand([9], 12), rand([33, 9], 13)], gradsOf(dense));
  await compare('transposes', [rand([5, 7], 14), rand([7, 4], 15), rand([4, 7], 16), rand([7, 5], 38)], (a, b, bt, at) => [
    tf.matMul(a, bt, false, true), tf.matMul(at, b, true, false), tf.matMul(at, bt, true, true),
  ]);
});

test('attention: batched matMul, softmax over the last axis, transposes and reshapes, and their gradients', { skip }, async () => {
  // [batch, tokens, dim] → two heads, as the MultiHeadSelfAttention layer computes it.
  const f = (x: tf.Tensor, wq: tf.Tensor, wk: tf.Tensor) => {
    const heads = (t: tf.Tensor) => tf.transpose(tf.reshape(t, [2, 6, 2, 4]), [0, 2, 1, 3]);
    const q = heads(tf.matMul(tf.reshape(x, [12, 8]), wq)), k = heads(tf.matMul(tf.reshape(x, [12, 8]), wk));
    const scores = tf.softmax(tf.div(tf.matMul(q, k, false, true), Math.sqrt(4)));
    return tf.reshape(tf.transpose(tf.matMul(scores, q), [0, 2, 1, 3]), [2, 6, 8]);
  };
  await compare('attention', [rand([2, 6, 8], 17), rand([8, 8], 18), rand([8, 8], 19), rand([2, 6, 8], 20)], gradsOf(f));
});

test('batch norm in training (moments over batch and space) and its gradients', { skip }, async () => {
  const f = (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
    const { mean, variance } = tf.moments(x, [0, 1, 2]);
    return tf.batchNorm(x as tf.Tensor4D, mean, variance, b, g, 1e-3);
  };
  await compare('batchNorm', [rand([4, 5, 5, 6], 21), rand([6], 22), rand([6], 23), rand([4, 5, 5, 6], 24)], gradsOf(f));
});

test('activations and their gradients: relu, leaky relu, prelu, elu, sigmoid, tanh, softmax, linear', { skip }, async () => {
  const acts: [string, (x: tf.Tensor) => tf.Tensor][] = [
    ['relu', (x) => tf.relu(x)], ['leakyRelu', (x) => tf.leakyRelu(x, 0.3)], ['elu', (x) => tf.elu(x)], ['sigmoid', (x) => tf.sigmoid(x)],
    ['tanh', (x) => tf.tanh(x)], ['softmax', (x) => tf.softmax(x)], ['linear', (x) => tf.mul(x, 1)],
  ];
  const x = rand([6, 10], 25);
  for (let i = 0; i < x.values.length; i++) x.values[i] *= 4; // both sides of every kink, the tails of sigmoid and tanh
  for (const [name, act] of acts) await compare(name, [x, rand([6, 10], 27)], gradsOf(act));
  await compare('prelu', [x, rand([10], 26), rand([6, 10], 27)], gradsOf((t, alpha) => tf.prelu(t, alpha)));
});

test('reductions and reshapes: global average pooling, flatten, residual add, sums over any axes', { skip }, async () => {
  const x = rand([3, 4, 5, 6], 28);
  await compare('reductions', [x], (t) => [
    tf.mean(t, [1, 2]), tf.reshape(t, [3, 120]), tf.sum(t, [0, 1, 2]), tf.sum(t, [0], true), tf.sum(t, [1, 3]), tf.max(t, -1), tf.add(t, t),
  ]);
  const gap = (t: tf.Tensor) => tf.mean(t, [1, 2]);
  await compare('globalAvgPool', [x, rand([3, 6], 29)], gradsOf(gap));
});

test('losses, regularisers and clipping: log, square, abs, clipByValue, global norm, and their gradients', { skip }, async () => {
  const p = rand([8, 5], 30);
  for (let i = 0; i < p.values.length; i++) p.values[i] = 0.05 + 0.9 * Math.abs(p.values[i]);
  const f = (q: tf.Tensor, w: tf.Tensor) => tf.addN([
    tf.mean(tf.neg(tf.log(tf.clipByValue(q, 1e-7, 1 - 1e-7)))), tf.mul(0.01, tf.sum(tf.square(w))), tf.mul(0.01, tf.sum(tf.abs(w))),
  ]);
  await compare('loss + l1/l2', [p, rand([7, 3], 31), rand([], 32)], gradsOf(f));
  await compare('norm and clip', [rand([50], 33)], (g) => [tf.sqrt(tf.sum(tf.square(g))), tf.clipByValue(g, -0.3, 0.3), tf.mul(g, 0.5)]);
});

test('optimizer updates: sgd, momentum (nesterov), adam and rmsprop move the weights as on cpu', { skip }, async () => {
  const makers: [string, () => tf.Optimizer][] = [
    ['sgd', () => tf.train.sgd(0.1)], ['momentum', () => tf.train.momentum(0.1, 0.9, true)],
    ['adam', () => tf.train.adam(0.01, 0.9, 0.999, 1e-7)], ['rmsprop', () => tf.train.rmsprop(0.01, 0.9, 0.5, 1e-7)],
  ];
  const w0 = rand([40], 34), gradients = [rand([40], 35), rand([40], 36), rand([40], 37)];
  for (const [name, make] of makers) {
    const run = async (backend: string) => {
      await tf.setBackend(backend);
      const v = tf.variable(tf.tensor(w0.values, w0.shape));
      const opt = make();
      for (const g of gradients) tf.tidy(() => opt.applyGradients({ [v.name]: tf.tensor(g.values, g.shape) }));
      const out = v.dataSync() as Float32Array;
      v.dispose();
      opt.dispose();
      return out;
    };
    const err = maxRelativeError(await run('webgpu'), await run('cpu'));
    assert.ok(err <= TOL, `${name}: max relative error ${err}`);
  }
});

test('kernels leak no tensors or GPU buffers', { skip }, async () => {
  await tf.setBackend('webgpu');
  const x = tf.randomNormal([2, 8, 8, 3]) as tf.Tensor4D, w = tf.randomNormal([3, 3, 3, 4]) as tf.Tensor4D;
  const run = () => tf.tidy(() => {
    tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.maxPool(tf.relu(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same')), 2, 2, 'valid')))([x, w])
      .forEach((g) => g.dataSync());
  });
  run();
  const before = tf.memory() as tf.MemoryInfo & { numBytesInGPU: number; numBytesAllocatedInGPU: number };
  for (let i = 0; i < 5; i++) run();
  const after = tf.memory() as typeof before;
  assert.equal(after.numTensors, before.numTensors);
  assert.equal(after.numBytesInGPU, before.numBytesInGPU);
  assert.equal(after.numBytesAllocatedInGPU, before.numBytesAllocatedInGPU, 'the same buffers are reused, none added');
  tf.dispose([x, w]);
});
