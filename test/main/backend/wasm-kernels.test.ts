/**
 * Our wasm kernels against the cpu backend (reference), and against finite
 * differences. Inputs are built from the same JS arrays on both backends.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../main/backend/select.ts';
import { CONV_CASES, POOL_CASES, type Pad, type Shape4 } from './kernel-cases.ts';
import { assertNoLeaks } from './wasm/no-leaks.ts';

type Arr = { values: Float32Array; shape: number[] };

function rand(shape: number[], seed: number): Arr {
  let s = seed;
  const n = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) values[i] = ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  return { values, shape };
}

/** Runs f on a backend with tensors made from the arrays; returns plain arrays. */
function on(backend: string, inputs: Arr[], f: (...ts: tf.Tensor[]) => tf.Tensor[]): Float32Array[] {
  tf.setBackend(backend);
  assert.equal(tf.getBackend(), backend);
  return tf.tidy(() => f(...inputs.map((a) => tf.tensor(a.values, a.shape))).map((t) => t.dataSync() as Float32Array));
}

function close(actual: Float32Array, expected: Float32Array, tol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    const err = Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i]));
    worst = Math.max(worst, err);
  }
  assert.ok(worst <= tol, `${what}: max relative error ${worst} > ${tol}`);
}

function compare(name: string, inputs: Arr[], f: (...ts: tf.Tensor[]) => tf.Tensor[], tol = 1e-4): void {
  const ref = on('cpu', inputs, f);
  const got = on('wasm', inputs, f);
  ref.forEach((r, i) => close(got[i], r, tol, `${name} output ${i}`));
}

before(async () => {
  delete process.env.MODELBENCH_BACKEND;
  await initBackend(['wasm']);
  await tf.ready();
});


for (const c of CONV_CASES) {
  test(`conv2d gradients match cpu: x${c.x} w${c.w} stride ${c.stride} ${c.pad}`, () => {
    const x = rand(c.x, 1), w = rand(c.w, 2);
    const out = tf.tidy(() => tf.conv2d(tf.zeros(c.x) as tf.Tensor4D, tf.zeros(c.w) as tf.Tensor4D, c.stride, c.pad).shape);
    const r = rand(out, 3);
    compare('conv2d', [x, w, r], (xt, wt, rt) => {
      const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad), rt)));
      return g([xt, wt]);
    });
  });
}

const dwCases: { x: Shape4; w: Shape4; stride: number; pad: Pad }[] = [
  { x: [2, 7, 7, 3], w: [3, 3, 3, 1], stride: 1, pad: 'same' },
  { x: [2, 7, 7, 3], w: [3, 3, 3, 2], stride: 1, pad: 'valid' },
  { x: [2, 8, 8, 2], w: [3, 3, 2, 3], stride: 2, pad: 'same' },
  { x: [1, 9, 7, 4], w: [5, 3, 4, 1], stride: 2, pad: 'valid' },
];

for (const c of dwCases) {
  test(`depthwiseConv2d gradients match cpu: x${c.x} w${c.w} stride ${c.stride} ${c.pad}`, () => {
    const x = rand(c.x, 4), w = rand(c.w, 5);
    const out = tf.tidy(() => tf.depthwiseConv2d(tf.zeros(c.x) as tf.Tensor4D, tf.zeros(c.w) as tf.Tensor4D, c.stride, c.pad).shape);
    const r = rand(out, 6);
    compare('depthwise', [x, w, r], (xt, wt, rt) => {
      const g = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad), rt)));
      return g([xt, wt]);
    });
  });
}

for (const [pool, stride, pad] of POOL_CASES) {
  test(`maxPool gradient matches cpu: pool ${pool} stride ${stride} ${pad}`, () => {
    // Include exact ties (ReLU zeros): the gradient must go to the same (first) maximum.
    const x = rand([2, 7, 7, 3], 7);
    for (let i = 0; i < x.values.length; i += 3) x.values[i] = Math.max(0, x.values[i]);
    const r = rand(tf.tidy(() => tf.maxPool(tf.zeros([2, 7, 7, 3]) as tf.Tensor4D, pool, stride, pad).shape), 8);
    compare('maxPool', [x, r], (xt, rt) => [tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, pool, stride, pad), rt)))(xt)], 1e-6);
  });
}

test('matMul with transpose flags and leading-axis sums match cpu', () => {
  const a = rand([5, 7], 9), b = rand([7, 4], 10), bt = rand([4, 7], 11), at = rand([7, 5], 12), big = rand([3, 4, 5, 6], 13);
  compare('matMul', [a, b, bt, at, big], (A, B, BT, AT, BIG) => [
    tf.matMul(A, BT, false, true), tf.matMul(AT, B, true, false), tf.matMul(AT, BT, true, true),
    tf.sum(BIG, [0, 1, 2]), tf.sum(BIG, [0], true), tf.sum(BIG, [1, 3]), tf.clone(BIG),
  ]);
});

test('batched products with their own right operand (attention) run per entry and match cpu, with every transpose flag', async () => {
  // [B, M, K] x [B, K, N] large enough for the per-entry path, rank 4 (heads), a broadcast batch and a small one (original kernel).
  const a = rand([3, 2, 40, 24], 14), b = rand([3, 2, 24, 30], 15), bt = rand([3, 2, 30, 24], 16), at = rand([3, 2, 24, 40], 17);
  const broadcast = rand([1, 24, 30], 18), a3 = rand([6, 40, 24], 19), small = rand([5, 3, 4], 20), smallB = rand([5, 4, 2], 21);
  compare('batchMatMul', [a, b, bt, at, broadcast, a3, small, smallB], (A, B, BT, AT, BC, A3, S, SB) => [
    tf.matMul(A, B), tf.matMul(A, BT, false, true), tf.matMul(AT, B, true, false), tf.matMul(AT, BT, true, true),
    tf.matMul(A3, BC), tf.matMul(S, SB),
  ]);
  // Gradients through the per-entry path (the attention backward: dA = dC·Bᵀ, dB = Aᵀ·dC).
  const r = rand([3, 2, 40, 30], 22);
  compare('batchMatMul gradients', [a, b, r], (A, B, R) => tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x, y), R)))([A, B]));
  // The per-entry path really ran: one XNNPACK-sized product per entry instead of one batched call.
  tf.setBackend('wasm');
  const profile = await tf.profile(() => tf.tidy(() => tf.matMul(tf.tensor(a.values, a.shape), tf.tensor(b.values, b.shape))).dispose());
  assert.equal(profile.kernels.filter((k) => k.name === 'BatchMatMul').length, 1);
  const x = tf.tensor(a.values, a.shape), y = tf.tensor(b.values, b.shape);
  assertNoLeaks(() => tf.tidy(() => void tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.matMul(p, q)))([x, y])));
  tf.dispose([x, y]);
});

test('a cast to the same dtype shares the data; other casts convert; both free their memory', () => {
  tf.setBackend('wasm');
  const backend = tf.backend() as unknown as { numDataIds(): number };
  const x = tf.tensor([1.5, -2.5, 0, NaN]);
  const buffers = backend.numDataIds();
  const same = tf.cast(x, 'float32');
  assert.equal(backend.numDataIds(), buffers, 'no new buffer');
  assert.deepEqual(Array.from(same.dataSync()), [1.5, -2.5, 0, NaN]);
  const ints = tf.cast(x, 'int32');
  assert.equal(ints.dtype, 'int32');
  assert.deepEqual(Array.from(ints.dataSync()).slice(0, 3), [1, -2, 0]);
  x.dispose();
  assert.deepEqual(Array.from(same.dataSync()), [1.5, -2.5, 0, NaN], 'the shared data outlives the original');
  tf.dispose([same, ints]);
  assert.equal(backend.numDataIds(), buffers - 1);
});

/** loss = Σ r·conv(x, w) is linear in x and in w, so central differences are exact up to rounding. */
test('conv2d and depthwise gradients on wasm agree with finite differences', () => {
  tf.setBackend('wasm');
  for (const depthwise of [false, true]) {
    const xs = [1, 6, 6, 2], ws = depthwise ? [3, 3, 2, 2] : [3, 3, 2, 3];
    const x = rand(xs, 21), w = rand(ws, 22);
    const op = (a: tf.Tensor, b: tf.Tensor) => (depthwise
      ? tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same')
      : tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same'));
    const r = rand(tf.tidy(() => op(tf.zeros(xs), tf.zeros(ws)).shape), 23);
    const loss = (xv: Float32Array, wv: Float32Array) =>
      tf.tidy(() => tf.sum(tf.mul(op(tf.tensor(xv, xs), tf.tensor(wv, ws)), tf.tensor(r.values, r.shape))).dataSync()[0]);
    const [gx, gw] = tf.tidy(() => tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(op(a, b), tf.tensor(r.values, r.shape))))([tf.tensor(x.values, xs), tf.tensor(w.values, ws)]).map((t) => t.dataSync()));
    const h = 0.05;
    for (const [which, arr, grad] of [['x', x.values, gx], ['w', w.values, gw]] as const) {
      for (let i = 0; i < arr.length; i += Math.max(1, Math.floor(arr.length / 12))) {
        const plus = arr.slice(), minus = arr.slice();
        plus[i] += h;
        minus[i] -= h;
        const num = which === 'x' ? (loss(plus, w.values) - loss(minus, w.values)) / (2 * h) : (loss(x.values, plus) - loss(x.values, minus)) / (2 * h);
        assert.ok(Math.abs(num - grad[i]) < 2e-3 * Math.max(1, Math.abs(num)), `${depthwise ? 'depthwise' : 'conv'} d/d${which}[${i}]: fd ${num} vs ${grad[i]}`);
      }
    }
  }
});

test('kernels leak no heap memory', () => {
  tf.setBackend('wasm');
  const x = tf.randomNormal([2, 8, 8, 3]) as tf.Tensor4D, w = tf.randomNormal([3, 3, 3, 4]) as tf.Tensor4D;
  const dw = tf.randomNormal([3, 3, 3, 2]) as tf.Tensor4D;
  const run = () => tf.tidy(() => {
    tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same')))([x, w]);
    tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same')))([x, dw]);
    tf.grad((a: tf.Tensor) => tf.sum(tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid')))(x);
  });
  assertNoLeaks(run);
  tf.dispose([x, w, dw]);
});
