import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adjustColor } from '../../../../main/data/augment/color.ts';

const dims = { h: 1, w: 4, c: 1 };
const img = Float32Array.from([0, 0.25, 0.5, 0.75]);

test('brightness adds a constant; neutral settings are the identity', () => {
  assert.deepEqual(adjustColor(img, dims, 0, 1), img);
  assert.deepEqual(Array.from(adjustColor(img, dims, 0.25, 1)), [0.25, 0.5, 0.75, 1]);
});

test('contrast scales deviations from each channel mean', () => {
  const out = adjustColor(img, dims, 0, 2); // mean 0.375
  assert.deepEqual(Array.from(out), [-0.375, 0.125, 0.625, 1.125]);
  const rgb = adjustColor(Float32Array.from([0, 1, 1, 1]), { h: 1, w: 2, c: 2 }, 0, 0);
  assert.deepEqual(Array.from(rgb), [0.5, 1, 0.5, 1]); // contrast 0 → per-channel mean
});
