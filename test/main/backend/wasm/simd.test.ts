/**
 * Our SIMD kernels (main/backend/wasm/simd/) through the wasm kernels that
 * use them, against the cpu backend: the 4-channel vector paths and their
 * scalar tails, padding, and the values where a max or a sum is easy to get
 * wrong (ties, ±0, NaN, ±Infinity). Selections and float32 adds must match
 * cpu bit for bit; the conv filter gradient (sums over positions) within rounding.
 * And the module itself: binary.ts is what kernels.as compiles to, and it can
 * touch nothing of tfjs's heap but the buffers it is given.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../../main/backend/select.ts';
import { KERNELS_WASM_BASE64 } from '../../../../main/backend/wasm/simd/binary.ts';
import { compileKernels } from '../../../../main/backend/wasm/simd/build.ts';
import { assertNoLeaks } from './no-leaks.ts';

type Shape4 = [number, number, number, number];

function rand(n: number, seed: number): Float32Array {
  let s = seed;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  return out;
}

/** Runs f on a backend with tensors made from the arrays; returns plain arrays. */
function on(backend: string, inputs: { values: Float32Array; shape: number[] }[], f: (...ts: tf.Tensor[]) => tf.Tensor[]): Float32Array[] {
  tf.setBackend(backend);
  assert.equal(tf.getBackend(), backend);
  return tf.tidy(() => f(...inputs.map((a) => tf.tensor(a.values, a.shape))).map((t) => t.dataSync() as Float32Array));
}

/** Bit for bit (NaN equal to NaN, +0 different from -0). */
function identical(actual: Float32Array, expected: Float32Array, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < actual.length; i++) {
    if (!Object.is(actual[i], expected[i])) assert.fail(`${what}: element ${i} is ${actual[i]}, cpu has ${expected[i]}`);
  }
}

before(async () => {
  delete process.env.MODELBENCH_BACKEND;
  await initBackend(['wasm']);
  await tf.ready();
});

test('binary.ts is kernels.as compiled (npm run build:wasm after changing the source)', async () => {
  const fresh = await compileKernels();
  assert.ok(Buffer.from(fresh).equals(Buffer.from(KERNELS_WASM_BASE64, 'base64')), 'binary.ts is stale: run npm run build:wasm');
});

test('the module imports only a memory and has no data, globals or start function', () => {
  const bytes = Buffer.from(KERNELS_WASM_BASE64, 'base64');
  const module = new WebAssembly.Module(bytes);
  assert.deepEqual(WebAssembly.Module.imports(module), [{ module: 'env', name: 'memory', kind: 'memory' }]);
  // Section ids: 6 global, 8 start, 11 data. A data segment would overwrite tfjs's heap at instantiation.
  const sections: number[] = [];
  let at = 8;
  while (at < bytes.length) {
    sections.push(bytes[at++]);
    let size = 0;
    for (let shift = 0; ; shift += 7) {
      const b = bytes[at++];
      size |= (b & 0x7f) << shift;
      if (b < 0x80) break;
    }
    at += size;
  }
  for (const id of [6, 8, 11]) assert.ok(!sections.includes(id), `section ${id} present: ${sections}`);
});

/** [input shape, pool size [h, w], strides [h, w], padding] — all windows non-overlapping (our SIMD kernel). */
const POOLS: [Shape4, [number, number], [number, number], 'valid' | 'same'][] = [
  [[2, 8, 8, 4], [2, 2], [2, 2], 'valid'], // exact tiling, one vector
  [[2, 7, 9, 8], [2, 2], [2, 2], 'valid'], // last row and column in no window
  [[1, 7, 7, 6], [2, 2], [2, 2], 'same'], // partial windows at the edge; vector + 2-channel tail
  [[2, 6, 6, 1], [2, 2], [2, 2], 'valid'], // scalar only
  [[1, 9, 7, 12], [3, 3], [3, 3], 'same'],
  [[1, 6, 9, 5], [2, 3], [3, 3], 'valid'], // non-square window, stride past it
];

/** Random values with planted ties, signed zeros, NaN, infinities and windows of -Infinity. */
function awkward(n: number, seed: number): Float32Array {
  const v = rand(n, seed);
  for (let i = 0; i < n; i++) {
    const k = i % 23;
    if (k < 5) v[i] = 0; // ReLU zeros: ties
    else if (k === 5) v[i] = -0;
    else if (k === 7) v[i] = NaN;
    else if (k === 11) v[i] = -Infinity;
    else if (k === 13) v[i] = Infinity;
    else if (k === 17) v[i] = 0.5; // a repeated non-zero maximum
  }
  for (let i = 0; i < Math.min(n, 64); i++) v[i] = -Infinity; // whole windows of -Infinity: no gradient
  for (let i = 64; i < Math.min(n, 96); i++) v[i] = NaN;
  return v;
}

for (const [shape, size, strides, pad] of POOLS) {
  test(`maxPool gradient, SIMD kernel, bit for bit as cpu: x${shape} pool ${size} strides ${strides} ${pad}`, () => {
    const n = shape.reduce((a, b) => a * b, 1);
    for (const [name, x] of [['random', rand(n, 31)], ['ties, ±0, NaN, ±Infinity', awkward(n, 32)]] as const) {
      const outShape = tf.tidy(() => tf.maxPool(tf.zeros(shape) as tf.Tensor4D, size, strides, pad).shape);
      const r = { values: rand(outShape.reduce((a, b) => a * b, 1), 33), shape: outShape };
      const f = (xt: tf.Tensor, rt: tf.Tensor) => [tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, size, strides, pad), rt)))(xt)];
      const inputs = [{ values: x, shape }, r];
      identical(on('wasm', inputs, f)[0], on('cpu', inputs, f)[0], `${name} values`);
    }
  });
}

/** Convolutions whose filter gradient goes through each tile of convFilterGrad, with and without padding. */
const CONVS: { x: Shape4; w: Shape4; stride: number; pad: 'valid' | 'same'; path: string }[] = [
  { x: [2, 7, 7, 4], w: [3, 3, 4, 8], stride: 1, pad: 'same', path: '4x8 tiles, padded' },
  { x: [1, 6, 9, 12], w: [3, 2, 12, 16], stride: 1, pad: 'valid', path: '4x8 tiles, non-square filter' },
  { x: [2, 9, 10, 1], w: [3, 3, 1, 16], stride: 1, pad: 'same', path: 'runs of 3: 1x8 tiles' },
  { x: [2, 9, 9, 3], w: [3, 3, 3, 12], stride: 2, pad: 'same', path: 'strided; 4x8, 1x8 and 1x1 tiles' },
  { x: [1, 7, 6, 6], w: [5, 5, 6, 5], stride: 1, pad: 'same', path: 'fewer than 8 output channels: 1x1 tiles' },
  { x: [1, 3, 1, 4], w: [5, 5, 4, 8], stride: 1, pad: 'same', path: 'filter wider than the input' },
  { x: [2, 8, 8, 2], w: [3, 3, 2, 8], stride: 3, pad: 'valid', path: 'stride past the filter, rows and columns left out' },
];

for (const c of CONVS) {
  test(`conv2d filter gradient matches cpu (${c.path}): x${c.x} w${c.w} stride ${c.stride} ${c.pad}`, () => {
    const outShape = tf.tidy(() => tf.conv2d(tf.zeros(c.x) as tf.Tensor4D, tf.zeros(c.w) as tf.Tensor4D, c.stride, c.pad).shape);
    const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
    const inputs = [{ values: rand(size(c.x), 41), shape: c.x }, { values: rand(size(c.w), 42), shape: c.w }, { values: rand(size(outShape), 43), shape: outShape }];
    const f = (xt: tf.Tensor, wt: tf.Tensor, rt: tf.Tensor) =>
      [tf.grad((b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(xt as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad), rt)))(wt)];
    const got = on('wasm', inputs, f)[0];
    const ref = on('cpu', inputs, f)[0];
    for (let i = 0; i < ref.length; i++) assert.ok(Math.abs(got[i] - ref[i]) <= 1e-5 * Math.max(1, Math.abs(ref[i])), `dW[${i}]: ${got[i]} vs cpu ${ref[i]}`);
  });
}

test('sums over leading axes equal a scalar loop in doubles bit for bit, and cpu within rounding', () => {
  for (const shape of [[37, 1], [5, 3], [9, 4], [3, 5, 6], [2, 7, 7, 16], [600, 33]]) {
    const n = shape.reduce((a, b) => a * b, 1);
    const cols = shape[shape.length - 1];
    const x = rand(n, 51);
    for (let i = 0; i < n; i += 7) x[i] *= 1e6; // magnitudes far apart, where the order of a float32 sum would show
    const axes = shape.slice(0, -1).map((_, i) => i);
    const got = on('wasm', [{ values: x, shape }], (t) => [tf.sum(t, axes)])[0];
    const acc = new Float64Array(cols);
    for (let i = 0; i < n; i += cols) for (let j = 0; j < cols; j++) acc[j] += x[i + j];
    identical(got, Float32Array.from(acc), `sum of [${shape}]`);
    const ref = on('cpu', [{ values: x, shape }], (t) => [tf.sum(t, axes)])[0];
    for (let j = 0; j < cols; j++) assert.ok(Math.abs(got[j] - ref[j]) <= 1e-3 * Math.max(1, Math.abs(ref[j])), `column ${j}`);
  }
  // Special values: NaN and Infinity propagate as in any sum.
  const special = on('wasm', [{ values: Float32Array.from([1, NaN, Infinity, 2, 3, -Infinity, Infinity, 4]), shape: [2, 4] }], (t) => [tf.sum(t, 0)])[0];
  identical(special, Float32Array.from([4, NaN, Infinity, 6]), 'special values');
});

test('adding a row vector (bias) equals cpu bit for bit, in both operand orders; other shapes are unchanged', () => {
  for (const shape of [[3, 1], [4, 3], [5, 4], [2, 3, 3, 7], [2, 5, 5, 16]]) {
    const n = shape.reduce((a, b) => a * b, 1);
    const cols = shape[shape.length - 1];
    const x = rand(n, 61);
    x[0] = NaN;
    if (n > 2) x[2] = Infinity;
    const b = rand(cols, 62);
    const inputs = [{ values: x, shape }, { values: b, shape: [cols] }];
    const f = (xt: tf.Tensor, bt: tf.Tensor) => [tf.add(xt, bt), tf.add(bt, xt)];
    const got = on('wasm', inputs, f);
    const ref = on('cpu', inputs, f);
    identical(got[0], ref[0], `[${shape}] + [${cols}]`);
    identical(got[1], ref[1], `[${cols}] + [${shape}]`);
  }
  const others = [{ values: rand(12, 63), shape: [3, 4] }, { values: rand(4, 64), shape: [1, 4] }, { values: rand(4, 65), shape: [4] }];
  const f = (m: tf.Tensor, row: tf.Tensor, v: tf.Tensor) => [tf.add(m, row), tf.add(v, v), tf.add(m, tf.scalar(2))];
  on('wasm', others, f).forEach((g, i) => identical(g, on('cpu', others, f)[i], `fallback ${i}`));
});

test('the ReLU and bias backward pass: dy where y > 0, NaN passed on, bias sums in doubles', () => {
  tf.setBackend('wasm');
  for (const [rows, cols] of [[7, 1], [5, 3], [9, 4], [6, 6], [40, 16], [3, 33]]) {
    const dy = rand(rows * cols, 71);
    const y = rand(rows * cols, 72).map((v, i) => (i % 5 === 0 ? 0 : i % 7 === 0 ? NaN : Math.max(0, v)));
    for (const activation of ['relu', 'linear'] as const) {
      const [dz, db] = tf.tidy(() => (tf.engine().runKernel('ModelbenchBiasActivationGrad', { dy: tf.tensor(dy, [rows, cols]), y: tf.tensor(y, [rows, cols]) },
        { activation }) as tf.Tensor[]).map((t) => t.dataSync() as Float32Array));
      const want = Float32Array.from(dy, (g, i) => (activation === 'linear' ? g : y[i] > 0 ? g : Number.isNaN(y[i]) ? NaN : 0));
      // ±0 alike (dy · 0 is -0 for a negative dy; the mask gives +0), NaN equal to NaN.
      for (let i = 0; i < want.length; i++) assert.ok(dz[i] === want[i] || (Number.isNaN(dz[i]) && Number.isNaN(want[i])), `${activation} dz[${i}] ${dz[i]} vs ${want[i]}`);
      const acc = new Float64Array(cols);
      for (let i = 0; i < want.length; i += cols) for (let j = 0; j < cols; j++) acc[j] += want[i + j];
      identical(db, Float32Array.from(acc), `${activation} db [${rows}, ${cols}]`);
    }
  }
});

test('the SIMD kernels leak no heap memory', () => {
  tf.setBackend('wasm');
  const x = tf.randomNormal([2, 8, 8, 4]) as tf.Tensor4D, w = tf.randomNormal([3, 3, 4, 4]) as tf.Tensor4D, bias = tf.randomNormal([4]);
  const run = () => tf.tidy(() => {
    tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
      tf.sum(tf.maxPool(tf.add(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same'), c) as tf.Tensor4D, 2, 2, 'valid')))([x, w, bias]);
  });
  assertNoLeaks(run);
  tf.dispose([x, w, bias]);
});
