import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flipHorizontal, flipVertical } from '../../../../main/data/augment/flip.ts';

// 2 x 3 image, 2 channels: value = 100*y + 10*x + channel
const dims = { h: 2, w: 3, c: 2 };
const img = Float32Array.from({ length: 12 }, (_, i) => {
  const p = Math.floor(i / 2);
  return 100 * Math.floor(p / 3) + 10 * (p % 3) + (i % 2);
});

test('horizontal flip mirrors columns and keeps channels together', () => {
  const out = flipHorizontal(img, dims);
  assert.deepEqual(Array.from(out.subarray(0, 6)), [20, 21, 10, 11, 0, 1]);
  assert.deepEqual(flipHorizontal(out, dims), img);
});

test('vertical flip mirrors rows', () => {
  const out = flipVertical(img, dims);
  assert.deepEqual(Array.from(out.subarray(0, 2)), [100, 101]);
  assert.deepEqual(flipVertical(out, dims), img);
  assert.deepEqual(Array.from(img.subarray(0, 2)), [0, 1]); // input untouched
});
