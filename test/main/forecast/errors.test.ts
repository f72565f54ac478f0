import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forecastErrors, spreadWindows, windowsByError } from '../../../main/forecast/errors.ts';

test('forecast errors: mean absolute error per window, per horizon step and overall', () => {
  // Three windows, horizon 2: errors [1, 3], [0, 0], [2, 5].
  const truth = [10, 20, 5, 5, -1, -2];
  const prediction = [11, 17, 5, 5, 1, 3];
  const e = forecastErrors(truth, prediction, 2);
  assert.deepEqual(Array.from(e.byWindow), [2, 0, 3.5]);
  assert.deepEqual(Array.from(e.byStep), [1, 8 / 3]);
  assert.equal(e.overall, 11 / 6);
});

test('forecast errors of an empty split are NaN, not 0', () => {
  const e = forecastErrors([], [], 3);
  assert.equal(e.byWindow.length, 0);
  assert.ok(Number.isNaN(e.overall) && e.byStep.every((v) => Number.isNaN(v)));
});

test('windows by error: smallest first, ties in time order', () => {
  assert.deepEqual(windowsByError(Float64Array.from([3, 1, 2, 1, 0])), [4, 1, 3, 2, 0]);
});

test('spread windows: evenly over the split, first and last included, never more than there are', () => {
  assert.deepEqual(spreadWindows(100, 5), [0, 25, 50, 74, 99]);
  assert.deepEqual(spreadWindows(3, 10), [0, 1, 2]);
  assert.deepEqual(spreadWindows(7, 1), [0]);
  assert.deepEqual(spreadWindows(0, 4), []);
});
