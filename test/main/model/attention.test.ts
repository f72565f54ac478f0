import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { MultiHeadSelfAttention } from '../../../main/model/layers/attention.ts';

before(async () => {
  await tf.setBackend('cpu');
});

/** Deterministic pseudo-random values in [-1, 1] (no Math.random in tests). */
function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out[i] = (s / 2147483648) * 2 - 1;
  }
  return out;
}

/**
 * float32 central differences: with eps = 1e-2 the truncation error is ~eps^2 and the
 * rounding error ~ulp(loss)/eps ~ 1e-5, so allow 2e-3 absolute + 2% relative.
 */
const EPS = 1e-2;
const close = (numeric: number, analytic: number): boolean => Math.abs(numeric - analytic) <= 2e-3 + 0.02 * Math.abs(analytic);

function setup(shape: number[]) {
  const layer = new MultiHeadSelfAttention({ heads: 2, keyDim: 3, dropout: 0, seed: 5 });
  const x = tf.tensor(values(shape.reduce((a, b) => a * b, 1), 11), shape);
  tf.dispose(layer.apply(x) as tf.Tensor); // the first call builds the weights
  // Random biases too, so their gradients are not trivially symmetric.
  tf.tidy(() => layer.setWeights(layer.getWeights().map((w, i) => tf.tensor(values(w.size, 100 + i), w.shape))));
  const probe = tf.tensor(values(x.size, 77), shape); // loss = sum(output * probe)
  const loss = (input: tf.Tensor): tf.Scalar => tf.sum(tf.mul(layer.apply(input) as tf.Tensor, probe));
  return { layer, x, probe, loss };
}

test('gradient with respect to the input matches central differences', () => {
  const { layer, x, probe, loss } = setup([2, 3, 4]);
  const analytic = tf.tidy(() => tf.grad((input: tf.Tensor) => loss(input))(x));
  const a = analytic.dataSync();
  assert.ok(a.some((v) => Math.abs(v) > 1e-2), 'the gradient is not trivially zero');
  const base = x.dataSync().slice();
  for (let i = 0; i < base.length; i++) {
    const at = (delta: number) =>
      tf.tidy(() => {
        const moved = base.slice();
        moved[i] += delta;
        return loss(tf.tensor(moved, x.shape)).dataSync()[0];
      });
    const numeric = (at(EPS) - at(-EPS)) / (2 * EPS);
    assert.ok(close(numeric, a[i]), `d/dx[${i}]: numeric ${numeric} vs analytic ${a[i]}`);
  }
  tf.dispose([analytic, x, probe]);
  layer.dispose();
});

test('gradients with respect to every weight match central differences (image input)', () => {
  const { layer, x, probe, loss } = setup([1, 2, 2, 3]);
  const variables = layer.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
  assert.equal(variables.length, 8);
  const { grads } = tf.variableGrads(() => loss(x), variables);
  for (const variable of variables) {
    const analytic = grads[variable.name].dataSync();
    const original = variable.dataSync().slice();
    // Check a spread of entries per weight to keep the test light.
    const step = Math.max(1, Math.floor(original.length / 6));
    for (let i = 0; i < original.length; i += step) {
      const at = (delta: number) => {
        const moved = original.slice();
        moved[i] += delta;
        tf.tidy(() => variable.assign(tf.tensor(moved, variable.shape)));
        return tf.tidy(() => loss(x).dataSync()[0]);
      };
      const numeric = (at(EPS) - at(-EPS)) / (2 * EPS);
      tf.tidy(() => variable.assign(tf.tensor(original, variable.shape)));
      assert.ok(close(numeric, analytic[i]), `${variable.name}[${i}]: numeric ${numeric} vs analytic ${analytic[i]}`);
    }
  }
  tf.dispose(Object.values(grads));
  tf.dispose([x, probe]);
  layer.dispose();
});

test('output keeps the input shape; each token output depends on every token', () => {
  const layer = new MultiHeadSelfAttention({ heads: 2, keyDim: 4, seed: 1 });
  const x = tf.tensor(values(2 * 5 * 6, 3), [2, 5, 6]);
  const y = layer.apply(x) as tf.Tensor;
  assert.deepEqual(y.shape, [2, 5, 6]);
  assert.deepEqual(layer.computeOutputShape([null, 5, 6]), [null, 5, 6]);
  // Changing the last token changes the first token's output: attention mixes tokens.
  const moved = x.arraySync() as number[][][];
  moved[0][4] = moved[0][4].map((v) => v + 1);
  const y2 = tf.tidy(() => layer.apply(tf.tensor(moved)) as tf.Tensor);
  const first = tf.tidy(() => tf.max(tf.abs(tf.sub(y.slice([0, 0, 0], [1, 1, 6]), y2.slice([0, 0, 0], [1, 1, 6])))).dataSync()[0]);
  assert.ok(first > 1e-4);
  tf.dispose([x, y, y2]);
  layer.dispose();
});

test('config round-trips through the serialization registry', () => {
  const layer = new MultiHeadSelfAttention({ heads: 3, keyDim: 2, dropout: 0.25, seed: 9, name: 'att' });
  const config = layer.getConfig();
  assert.equal(config.heads, 3);
  assert.equal(config.keyDim, 2);
  assert.equal(config.dropout, 0.25);
  assert.equal(config.seed, 9);
  const revived = tf.layers.Layer.fromConfig(MultiHeadSelfAttention, config) as MultiHeadSelfAttention;
  assert.equal(revived.numHeads, 3);
  assert.equal(revived.name, 'att');
});

test('attention dropout acts only when training', () => {
  const input = tf.input({ shape: [4, 3] });
  const output = new MultiHeadSelfAttention({ heads: 1, keyDim: 4, dropout: 0.5, seed: 2 }).apply(input) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: output });
  const x = tf.tensor(values(2 * 4 * 3, 8), [2, 4, 3]);
  const run = (training: boolean) => tf.tidy(() => Array.from((model.apply(x, { training }) as tf.Tensor).dataSync()));
  assert.deepEqual(run(false), run(false));
  const a = run(true);
  const b = run(true);
  assert.notDeepEqual(a, b, 'two training passes draw different masks');
  assert.notDeepEqual(a, run(false));
  x.dispose();
  model.dispose();
});

/** Plain-JS multi-head attention for one sequence x[T][D], as the layer's doc comment defines it. */
function referenceAttention(x: number[][], w: Float32Array[], heads: number, keyDim: number): number[][] {
  const [wq, bq, wk, bk, wv, bv, wo, bo] = w;
  const d = x[0].length;
  const hk = heads * keyDim;
  const project = (rows: number[][], kernel: Float32Array, bias: Float32Array, inputs: number, units: number) =>
    rows.map((r) => Array.from({ length: units }, (_, j) => bias[j] + r.reduce((s, v, i) => s + v * kernel[i * units + j], 0)));
  const q = project(x, wq, bq, d, hk);
  const k = project(x, wk, bk, d, hk);
  const v = project(x, wv, bv, d, hk);
  const context = x.map(() => new Array(hk).fill(0));
  for (let h = 0; h < heads; h++) {
    const off = h * keyDim;
    for (let t = 0; t < x.length; t++) {
      const scores = x.map((_, s) => {
        let dot = 0;
        for (let c = 0; c < keyDim; c++) dot += q[t][off + c] * k[s][off + c];
        return dot / Math.sqrt(keyDim);
      });
      const max = Math.max(...scores);
      const exps = scores.map((s) => Math.exp(s - max));
      const total = exps.reduce((a, b) => a + b, 0);
      for (let s = 0; s < x.length; s++) for (let c = 0; c < keyDim; c++) context[t][off + c] += (exps[s] / total) * v[s][off + c];
    }
  }
  return project(context, wo, bo, hk, d);
}

test('forward pass matches a plain-JS reference (heads split along the projected features)', () => {
  const { layer, x, probe } = setup([2, 3, 4]);
  const y = tf.tidy(() => layer.apply(x) as tf.Tensor);
  const weights = layer.getWeights().map((w) => w.dataSync() as Float32Array);
  const xs = x.arraySync() as number[][][];
  const ys = y.arraySync() as number[][][];
  xs.forEach((seq, b) => {
    const expected = referenceAttention(seq, weights, 2, 3);
    expected.forEach((row, t) => row.forEach((v, j) => assert.ok(Math.abs(v - ys[b][t][j]) < 1e-4, `[${b},${t},${j}] ${v} vs ${ys[b][t][j]}`)));
  });
  tf.dispose([x, y, probe]);
  layer.dispose();
});
