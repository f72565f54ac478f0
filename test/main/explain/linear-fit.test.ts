/** Weighted least squares, forward selection and the weighted R² of the surrogates. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forwardSelect, solveAll, solveColumns, weightedGram } from '../../../main/explain/linear-fit.ts';
import { createRng } from '../../../main/util/rng.ts';

function design(S: number, P: number, coef: number[], intercept: number, noise: number, seed: number) {
  const rng = createRng(seed);
  const X = new Float64Array(S * P);
  const y = new Float64Array(S);
  for (let s = 0; s < S; s++) {
    let v = intercept;
    for (let j = 0; j < P; j++) {
      X[s * P + j] = rng.normal();
      v += coef[j] * X[s * P + j];
    }
    y[s] = v + noise * rng.normal();
  }
  return { X, y };
}

test('recovers the coefficients and intercept of a noiseless linear target, R² = 1', () => {
  const coef = [1.5, -2, 0, 0.25];
  const { X, y } = design(50, 4, coef, 3, 0, 1);
  const w = Float64Array.from({ length: 50 }, (_, s) => 0.5 + (s % 3));
  const fit = solveAll(weightedGram(X, y, w, 50, 4, true));
  coef.forEach((c, j) => assert.ok(Math.abs(fit.coef[j] - c) < 1e-8));
  assert.ok(Math.abs(fit.intercept - 3) < 1e-8);
  assert.ok(Math.abs(fit.r2 - 1) < 1e-9);
});

test('weights decide which samples the fit follows', () => {
  // y = x for the heavy samples, y = −x for the light ones.
  const X = Float64Array.of(1, 2, 3, 1, 2, 3);
  const y = Float64Array.of(1, 2, 3, -1, -2, -3);
  const w = Float64Array.of(100, 100, 100, 1, 1, 1);
  const fit = solveAll(weightedGram(X, y, w, 6, 1, false));
  assert.ok(fit.coef[0] > 0.95 && fit.coef[0] < 1, `${fit.coef[0]}`);
});

test('forward selection picks the columns that matter, in order of what they explain', () => {
  const coef = [0, 3, 0, 0, -1, 0, 0.5, 0];
  const { X, y } = design(400, 8, coef, 0, 0.05, 2);
  const fit = forwardSelect(weightedGram(X, y, new Float64Array(400).fill(1), 400, 8, true), 3);
  assert.deepEqual(fit.selected, [1, 4, 6]);
  assert.ok(fit.r2 > 0.99);
  assert.equal(fit.coef.filter((c) => c !== 0).length, 3);
});

test('a column that is constant over the samples gets no coefficient, not a failure', () => {
  const X = Float64Array.of(1, 5, 2, 5, 3, 5, 4, 5);
  const y = Float64Array.of(2, 4, 6, 8);
  const fit = solveColumns(weightedGram(X, y, new Float64Array(4).fill(1), 4, 2, true), [0, 1]);
  assert.ok(Math.abs(fit.coef[0] - 2) < 1e-6 && Math.abs(fit.coef[1]) < 1e-6, `${fit.coef}`);
});
