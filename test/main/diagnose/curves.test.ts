/** Loss-curve shape measures. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { argmin, fallingShare, halfDropRatio, plateauStart, relativeDrop, risingShare, smooth } from '../../../main/diagnose/curves.ts';

test('smoothing is a centred mean, with fewer points at the ends', () => {
  assert.deepEqual(smooth([3, 1, 2, 6], 3), [2, 2, 3, 4]);
});

test('rises, falls, minimum', () => {
  assert.equal(risingShare([1, 1.01, 1.5, 1.2, 2], 0.02), 0.5);
  assert.equal(fallingShare([3, 2, 2, 1, 0.5]), 0.75);
  assert.equal(argmin([3, 1, 2, 1]), 1);
  assert.equal(relativeDrop(2, 1.5), 0.25);
});

test('a straight line drops as much in each half; a flattening curve much less in the second', () => {
  assert.ok(Math.abs(halfDropRatio([10, 9, 8, 7, 6]) - 1) < 1e-12);
  assert.ok(halfDropRatio([10, 3, 2, 1.9, 1.85]) < 0.2);
  assert.equal(halfDropRatio([1, 1, 1]), 0);
});

test('the plateau starts where the curve came within tolerance of its end', () => {
  assert.equal(plateauStart([5, 3, 2, 1.01, 1.005, 1], 0.02), 3);
  assert.equal(plateauStart([5, 4, 3, 2, 1], 0.02), 4);
});
