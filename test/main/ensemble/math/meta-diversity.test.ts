import { test } from 'node:test';
import assert from 'node:assert/strict';
import { predictMeta, metaFeatures } from '../../../../main/ensemble/math/meta.ts';
import { correlationMatrix, disagreementMatrix } from '../../../../main/ensemble/math/diversity.ts';
import { stackPredictions } from '../../../../main/ensemble/math/predictions.ts';

test('predictMeta runs dense layers: relu, then softmax', () => {
  const probs = predictMeta({
    kind: 'mlp',
    layers: [
      { inputs: 2, units: 2, kernel: Float32Array.of(1, -1, 2, 1), bias: Float32Array.of(0, 0.5), activation: 'relu' },
      { inputs: 2, units: 2, kernel: Float32Array.of(1, 0, 0, 1), bias: Float32Array.of(0, 0), activation: 'softmax' },
    ],
  }, Float32Array.of(1, 1, -1, 0), 2);
  // Row 0: hidden [3, 0.5]; row 1: [max(0,−1), max(0,1.5)] = [0, 1.5].
  const expected = [Math.exp(3) / (Math.exp(3) + Math.exp(0.5)), Math.exp(0.5) / (Math.exp(3) + Math.exp(0.5)), 1 / (1 + Math.exp(1.5)), Math.exp(1.5) / (1 + Math.exp(1.5))];
  probs.forEach((p, i) => assert.ok(Math.abs(p - expected[i]) < 1e-6, `${i}: ${p}`));
  assert.throws(() => predictMeta({ kind: 'linear', layers: [{ inputs: 3, units: 1, kernel: new Float32Array(3), bias: new Float32Array(1), activation: 'linear' }] }, new Float32Array(4), 2), {
    code: 'invalid_argument',
  });
});

test('meta-features put the members side by side, member-major within a row', () => {
  // 2 members, 2 rows, 2 outputs.
  assert.deepEqual(Array.from(metaFeatures(Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8), 2, 2, 2)), [1, 2, 5, 6, 3, 4, 7, 8]);
});

test('diversity: pairwise disagreement and correlation', () => {
  // 3 members, 4 rows, 2 classes. Member 2 is member 0 with classes swapped.
  const m0 = Float32Array.of(0.9, 0.1, 0.8, 0.2, 0.3, 0.7, 0.4, 0.6);
  const m1 = Float32Array.of(0.6, 0.4, 0.4, 0.6, 0.2, 0.8, 0.3, 0.7);
  const m2 = Float32Array.from(m0, (_, i) => m0[i % 2 === 0 ? i + 1 : i - 1]);
  const set = stackPredictions([m0, m1, m2], 2);
  // Classes: m0 = 0 0 1 1, m1 = 0 1 1 1, m2 = 1 1 0 0.
  assert.deepEqual(Array.from(disagreementMatrix(set)), [0, 0.25, 1, 0.25, 0, 0.75, 1, 0.75, 0]);
  const r = correlationMatrix(set);
  assert.deepEqual([r[0], r[4], r[8]], [1, 1, 1]);
  assert.ok(Math.abs(r[2] + 1) < 1e-12, `swapped classes correlate at −1: ${r[2]}`);
  assert.equal(r[1], r[3], 'symmetric');
  const pearson = (a: Float32Array, b: Float32Array) => {
    const ma = a.reduce((s, v) => s + v, 0) / a.length;
    const mb = b.reduce((s, v) => s + v, 0) / b.length;
    const cov = a.reduce((s, v, i) => s + (v - ma) * (b[i] - mb), 0);
    return cov / Math.sqrt(a.reduce((s, v) => s + (v - ma) ** 2, 0) * b.reduce((s, v) => s + (v - mb) ** 2, 0));
  };
  assert.ok(Math.abs(r[1] - pearson(m0, m1)) < 1e-12, `${r[1]} vs ${pearson(m0, m1)}`);
  const constant = stackPredictions([Float32Array.of(1, 2, 3), Float32Array.of(5, 5, 5)], 1);
  assert.deepEqual(Array.from(correlationMatrix(constant)), [1, 0, 0, 1]);
});
