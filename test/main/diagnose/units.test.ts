/** Dead and saturated units, norms and the update ratio on raw arrays. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deadFraction, l2Norm, saturatedFraction, updateRatio } from '../../../main/diagnose/units.ts';

test('a unit is dead only if it is ≤ 0 at every sample and position (units on the last axis)', () => {
  // 2 samples × 2 positions × 4 channels; channels 0 and 1 fire once each, 2 and 3 never.
  const acts = Float32Array.of(0, 0, 0, 0, 0, 0.2, 0, 0, 1, 0, -0, -3, 0, 0, 0, 0);
  assert.equal(deadFraction(acts, 4), 0.5);
});

test('saturation: sigmoid near 0 or 1, tanh near ±1, for almost every value of the unit', () => {
  const n = 100;
  const sig = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    sig[i * 2] = i % 2 ? 0.999 : 0.001; // saturated both ways
    sig[i * 2 + 1] = i < 90 ? 0.999 : 0.5; // saturated 90% of the time: below the 95% share
  }
  assert.equal(saturatedFraction(sig, 2, 'sigmoid'), 0.5);
  assert.equal(saturatedFraction(Float32Array.of(0.99, -0.995, 0.5, 0.99), 2, 'tanh'), 0.5);
});

test('norms and the update-to-weight ratio', () => {
  assert.equal(l2Norm([Float32Array.of(3), Float32Array.of(4)]), 5);
  assert.equal(updateRatio(null, [Float32Array.of(1)]), null);
  assert.ok(Math.abs((updateRatio([Float32Array.of(3, 4)], [Float32Array.of(3, 4.5)]) as number) - 0.1) < 1e-9);
  assert.equal(updateRatio([Float32Array.of(0)], [Float32Array.of(1)]), null);
});
