import { test } from 'node:test';
import assert from 'node:assert/strict';
import { averagePredictions, hardVote } from '../../../../main/ensemble/math/voting.ts';
import { normaliseWeights } from '../../../../main/ensemble/math/weights.ts';
import { stackPredictions } from '../../../../main/ensemble/math/predictions.ts';

// 3 members, 2 rows, 3 classes.
const probs = stackPredictions(
  [
    Float32Array.of(0.6, 0.3, 0.1, 0.2, 0.5, 0.3),
    Float32Array.of(0.1, 0.8, 0.1, 0.3, 0.3, 0.4),
    Float32Array.of(0.2, 0.2, 0.6, 0.1, 0.1, 0.8),
  ],
  3,
);

const close = (a: ArrayLike<number>, b: number[], tol = 1e-6) =>
  Array.from(a).forEach((v, i) => assert.ok(Math.abs(v - b[i]) <= tol, `index ${i}: ${v} vs ${b[i]}`));

test('soft voting is the weighted mean of the probabilities', () => {
  close(averagePredictions(probs), [0.3, 1.3 / 3, 0.8 / 3, 0.2, 0.3, 0.5]);
  // weights [2, 1, 1] → [0.5, 0.25, 0.25]
  close(averagePredictions(probs, [2, 1, 1]), [0.375, 0.4, 0.225, 0.2, 0.35, 0.45]);
  assert.deepEqual(averagePredictions(probs, [4, 2, 2]), averagePredictions(probs, [2, 1, 1]));
});

test('a member with all the weight reproduces its own predictions bit for bit', () => {
  assert.deepEqual(averagePredictions(probs, [0, 1, 0]), Float32Array.of(0.1, 0.8, 0.1, 0.3, 0.3, 0.4));
});

test('regression averaging is the weighted mean prediction', () => {
  const reg = stackPredictions([Float32Array.of(1, 2, 3), Float32Array.of(3, 4, 5)], 1);
  close(averagePredictions(reg), [2, 3, 4]);
  close(averagePredictions(reg, [3, 1]), [1.5, 2.5, 3.5]);
});

test('hard voting: weighted majority, ties to the lowest class index', () => {
  // Row 0 votes: classes 0, 1, 2; row 1: classes 1, 2, 2.
  assert.deepEqual(Array.from(hardVote(probs)), [0, 2]); // row 0 is a three-way tie → class 0
  assert.deepEqual(Array.from(hardVote(probs, [1, 2, 1])), [1, 2]); // row 0: class 1 has 2 of 4; row 1: class 2 has 3 of 4
  assert.deepEqual(Array.from(hardVote(probs, [3, 1, 1])), [0, 1]); // row 1: class 1 has 3 vs class 2's 2
  assert.deepEqual(Array.from(hardVote(probs, [0, 1, 1])), [1, 2]); // row 0: tie 1 vs 2 → class 1
});

test('weights are validated and normalised', () => {
  assert.deepEqual(Array.from(normaliseWeights([1, 3], 2)), [0.25, 0.75]);
  assert.deepEqual(Array.from(normaliseWeights(undefined, 4)), [0.25, 0.25, 0.25, 0.25]);
  assert.throws(() => normaliseWeights([1, -1], 2), { code: 'invalid_argument', message: /member 1 has weight -1; weights must be finite and ≥ 0/ });
  assert.throws(() => normaliseWeights([0, 0], 2), { code: 'invalid_argument', message: /all member weights are 0/ });
  assert.throws(() => normaliseWeights([1, Number.NaN], 2), { code: 'invalid_argument' });
  assert.throws(() => normaliseWeights([1, Infinity], 2), { code: 'invalid_argument' });
  assert.throws(() => averagePredictions(probs, [1, 1]), { code: 'invalid_argument', message: /2 weights for 3 members/ });
});
