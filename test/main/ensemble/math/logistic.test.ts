import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitLogistic, logisticMetaLearner } from '../../../../main/ensemble/math/logistic.ts';
import { predictMeta, type MetaData } from '../../../../main/ensemble/math/meta.ts';
import { createRng } from '../../../../main/util/rng.ts';

const data = (features: number[], cols: number, targets: number[], outputs: number): MetaData => ({
  features: Float32Array.from(features), rows: targets.length, cols, targets, task: 'classification', outputs,
});

/**
 * Known result: with one-hot group indicators as features and no penalty, the
 * maximum-likelihood model is saturated, so its probabilities are each group's
 * class frequencies.
 */
test('unpenalised, on group indicators: the fitted probabilities are the class frequencies', () => {
  const counts = [[6, 3, 1], [2, 2, 6], [1, 8, 1]];
  const features: number[] = [];
  const targets: number[] = [];
  counts.forEach((perClass, g) => perClass.forEach((n, k) => {
    for (let i = 0; i < n; i++) {
      features.push(...[0, 1, 2].map((j) => (j === g ? 1 : 0)));
      targets.push(k);
    }
  }));
  const fit = fitLogistic(data(features, 3, targets, 3), { l2: 0, gradientTolerance: 1e-9 });
  assert.ok(fit.converged, `converged (${fit.iterations} iterations)`);
  const probs = predictMeta({ kind: 'logistic', layers: [fit.layer] }, Float32Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1), 3);
  counts.forEach((perClass, g) => perClass.forEach((n, k) => {
    const p = probs[g * 3 + k];
    assert.ok(Math.abs(p - n / 10) < 1e-5, `group ${g}, class ${k}: ${p} vs ${n / 10}`);
  }));
});

/**
 * Known result with the penalty: features x = ±1, label 1 with frequency p at
 * x = +1 and label 0 with frequency p at x = −1. By symmetry the intercepts
 * are equal and W = [−u, u]; the optimum solves σ(2u) − p + l2·u = 0
 * (solved here by bisection, independently of the fitter).
 */
test('L2-penalised: the symmetric binary problem matches its stationarity equation', () => {
  const p = 0.8;
  const l2 = 0.1;
  const features: number[] = [];
  const targets: number[] = [];
  for (let i = 0; i < 10; i++) {
    features.push(1, -1);
    targets.push(i < 8 ? 1 : 0, i < 8 ? 0 : 1);
  }
  const sigma = (z: number) => 1 / (1 + Math.exp(-z));
  let lo = 0;
  let hi = 20;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (sigma(2 * mid) - p + l2 * mid > 0) hi = mid;
    else lo = mid;
  }
  const u = (lo + hi) / 2;
  const fit = fitLogistic(data(features, 1, targets, 2), { l2 });
  assert.ok(fit.converged);
  assert.ok(Math.abs(fit.layer.kernel[0] + u) < 1e-5 && Math.abs(fit.layer.kernel[1] - u) < 1e-5, `kernel ${Array.from(fit.layer.kernel)} vs ±${u}`);
  assert.ok(Math.abs(fit.layer.bias[0] - fit.layer.bias[1]) < 1e-6, 'equal intercepts');
  const probs = predictMeta({ kind: 'logistic', layers: [fit.layer] }, Float32Array.of(1), 1);
  assert.ok(Math.abs(probs[1] - sigma(2 * u)) < 1e-6);
});

/** The optimum of a convex objective has zero gradient: checked with central differences of an independent loss. */
test('on random data the solution is stationary, and the same data fit the same weights', () => {
  const rng = createRng(5);
  const rows = 80;
  const cols = 4;
  const K = 3;
  const l2 = 0.02;
  const features = Array.from({ length: rows * cols }, () => rng.next());
  const targets = Array.from({ length: rows }, () => rng.int(K));
  const d = data(features, cols, targets, K);
  const fit = fitLogistic(d, { l2 });
  assert.deepEqual(fitLogistic(d, { l2 }), fit, 'deterministic');
  const theta = [...fit.layer.kernel, ...fit.layer.bias].map(Number);
  const loss = (t: number[]) => {
    let sum = 0;
    for (let r = 0; r < rows; r++) {
      const z = Array.from({ length: K }, (_, k) => t[cols * K + k] + features.slice(r * cols, r * cols + cols).reduce((s, v, j) => s + v * t[j * K + k], 0));
      const max = Math.max(...z);
      const lse = max + Math.log(z.reduce((s, v) => s + Math.exp(v - max), 0));
      sum += lse - z[targets[r]];
    }
    return sum / rows + (l2 / 2) * t.slice(0, cols * K).reduce((s, v) => s + v * v, 0);
  };
  const h = 1e-4;
  for (let i = 0; i < theta.length; i++) {
    const plus = theta.slice();
    const minus = theta.slice();
    plus[i] += h;
    minus[i] -= h;
    const g = (loss(plus) - loss(minus)) / (2 * h);
    // float32 storage of the weights limits how flat the gradient can look.
    assert.ok(Math.abs(g) < 1e-5, `∂J/∂θ${i} = ${g}`);
  }
});

test('separable data with a penalty still gives finite weights', () => {
  const fit = fitLogistic(data([-2, -1, 1, 2], 1, [0, 0, 1, 1], 2), { l2: 0.01 });
  assert.ok(fit.converged);
  assert.ok([...fit.layer.kernel, ...fit.layer.bias].every(Number.isFinite));
});

test('bad input is refused; the meta-learner refuses regression', async () => {
  assert.throws(() => fitLogistic(data([1, 2], 1, [0, 2], 2)), { code: 'invalid_argument', message: /row 1 has class 2, outside 0..1/ });
  assert.throws(() => fitLogistic(data([1, 2], 1, [0, 1], 2), { l2: -1 }), { code: 'invalid_argument' });
  assert.throws(() => fitLogistic(data([1, 2, 3], 1, [0, 1], 2)), { code: 'invalid_argument' });
  await assert.rejects(logisticMetaLearner().fit({ ...data([1, 2], 1, [0, 1], 1), task: 'regression' }), { code: 'invalid_argument' });
});
