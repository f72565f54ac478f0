/** The weighted losses against hand-computed values and finite differences. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { weightedCrossEntropy, weightedSquaredError } from '../../../main/train/weighted-loss.ts';

const close = (a: number, b: number, tol = 1e-6) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

test('cross-entropy: Σ w·(−log p_y) / Σ w, gradient −w / (W·p_y) at each label only', () => {
  const p = [0.5, 0.25, 0.25, 0.1, 0.8, 0.1];
  const grad = new Float32Array(6);
  const loss = weightedCrossEntropy(p, [0, 1], [1, 3], 3, grad);
  close(loss, (-Math.log(0.5) - 3 * Math.log(0.8)) / 4);
  assert.deepEqual(Array.from(grad), [Math.fround(-1 / (4 * 0.5)), 0, 0, 0, Math.fround(-3 / (4 * 0.8)), 0]);
  // A zero weight drops the row; all-zero weights give 0 and no gradient.
  close(weightedCrossEntropy(p, [0, 1], [0, 2], 3, null), -Math.log(0.8));
  assert.equal(weightedCrossEntropy(p, [0, 1], [0, 0], 3, grad), 0);
  assert.ok(grad.every((g) => g === 0));
  assert.throws(() => weightedCrossEntropy(p, [0, 1], [1], 3, null), /1 sample weights for a batch of 2/);
});

test('squared error: Σ w·Σ_k d² / (W·K) and its gradient, checked by finite differences', () => {
  const p = [0.3, -1.2, 2.0, 0.5];
  const y = [0.0, -1.0, 1.0, 1.5];
  const w = [0.5, 2];
  const grad = new Float32Array(4);
  const loss = weightedSquaredError(p, y, w, 2, grad);
  close(loss, (0.5 * (0.09 + 0.04) + 2 * (1 + 1)) / (2.5 * 2));
  for (let i = 0; i < 4; i++) {
    const h = 1e-4;
    const up = p.slice(); up[i] += h;
    const down = p.slice(); down[i] -= h;
    close(grad[i], (weightedSquaredError(up, y, w, 2, null) - weightedSquaredError(down, y, w, 2, null)) / (2 * h), 1e-3);
  }
});
