import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addStage, boostedPrediction, initialPrediction, residuals, startBoosting, updateBoosting } from '../../../../main/ensemble/math/gradient-boosting.ts';
import { fitRidge } from '../../../../main/ensemble/math/ridge.ts';
import { predictMeta } from '../../../../main/ensemble/math/meta.ts';
import { createRng } from '../../../../main/util/rng.ts';

test('residuals, shrinkage and stage-wise prediction on a small example', () => {
  const y = [1, 2, 6];
  const f0 = initialPrediction(y);
  assert.equal(f0, 3);
  const r1 = residuals(y, [f0, f0, f0]);
  assert.deepEqual(Array.from(r1), [-2, -1, 3]);
  const f1 = addStage([f0, f0, f0], [-2, -2, 4], 0.5); // a member that overshoots
  assert.deepEqual(Array.from(f1), [2, 2, 5]);
  assert.deepEqual(Array.from(residuals(y, f1)), [-1, 0, 1]);
  assert.deepEqual(Array.from(boostedPrediction(3, [[-2, -2, 4], [-1, 0, 1]], 0.5, 3)), [1.5, 2, 5.5]);
  assert.throws(() => addStage([1], [1], 0), { code: 'invalid_argument', message: /shrinkage must be in \(0, 1\]/ });
  assert.throws(() => residuals([1, 2], [1]), { code: 'invalid_argument' });
  assert.throws(() => initialPrediction([]), { code: 'invalid_argument' });
});

/**
 * Known result: with a least-squares linear learner (with intercept) at every
 * stage, the learner reproduces the projection of the residual, so
 * F_M = ȳ + (1 − (1 − ν)^M)·(ŷ_OLS − ȳ): boosting walks geometrically to the
 * OLS fit.
 */
test('boosting a least-squares learner converges to OLS as 1 − (1 − ν)^M', () => {
  const rng = createRng(9);
  const n = 50;
  const cols = 3;
  const x = Float32Array.from({ length: n * cols }, () => rng.normal());
  const y = Float32Array.from({ length: n }, (_, i) => 1 + 2 * x[i * cols] - x[i * cols + 1] + 0.5 * rng.normal());
  const fitLinear = (targets: ArrayLike<number>) => predictMeta({ kind: 'linear', layers: [fitRidge({ features: x, rows: n, cols, targets, task: 'regression', outputs: 1 }, { alpha: 0 })] }, x, n);
  const ols = fitLinear(y);
  const mean = initialPrediction(y);
  const nu = 0.3;
  let f: ArrayLike<number> = new Float64Array(n).fill(mean);
  for (let m = 1; m <= 6; m++) {
    f = addStage(f, fitLinear(residuals(y, f)), nu);
    const reach = 1 - (1 - nu) ** m;
    for (let i = 0; i < n; i++) {
      const expected = mean + reach * (ols[i] - mean);
      assert.ok(Math.abs(f[i] - expected) < 1e-4, `stage ${m}, row ${i}: ${f[i]} vs ${expected}`);
    }
  }
});

test('early stop on validation keeps the best number of stages', () => {
  const valY = [0, 0, 0, 0];
  let tracker = startBoosting(valY, 2, 2); // stage 0: MSE 4
  assert.equal(tracker.bestStages, 0);
  const stages = [[1, 1, 1, 1], [0.5, 0.5, 0.5, 0.5], [0.6, 0.6, 0.6, 0.6], [0.7, 0.7, 0.7, 0.7], [0, 0, 0, 0]];
  const seen: { stage: number; stop: boolean; mse: number }[] = [];
  for (let s = 0; s < stages.length; s++) {
    const u = updateBoosting(tracker, s + 1, valY, stages[s]);
    tracker = u.next;
    seen.push({ stage: s + 1, stop: u.stop, mse: u.mse });
    if (u.stop) break;
  }
  // MSE 1, 0.25 improve; 0.36, 0.49 do not → stop after stage 4 with patience 2, keep 2 stages.
  assert.deepEqual(seen.map((s) => s.stop), [false, false, false, true]);
  assert.equal(tracker.bestStages, 2);
  assert.throws(() => startBoosting(valY, 0, 0), { code: 'invalid_argument', message: /patience must be an integer ≥ 1/ });
});

test('a stage that never helps leaves the mean alone (0 stages)', () => {
  let tracker = startBoosting([1, -1], 0, 1);
  tracker = updateBoosting(tracker, 1, [1, -1], [2, 2]).next;
  assert.equal(tracker.bestStages, 0);
});
