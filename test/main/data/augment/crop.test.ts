import { test } from 'node:test';
import assert from 'node:assert/strict';
import { padCrop } from '../../../../main/data/augment/crop.ts';

const dims = { h: 3, w: 3, c: 1 };
const img = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);

test('offset = pad is the identity', () => {
  assert.deepEqual(padCrop(img, dims, 2, 2, 2), img);
});

test('other offsets shift the image and fill with zeros', () => {
  // window starts 1 pixel left and up of the image: content moves right/down
  assert.deepEqual(Array.from(padCrop(img, dims, 2, 1, 1)), [0, 0, 0, 0, 1, 2, 0, 4, 5]);
  assert.deepEqual(Array.from(padCrop(img, dims, 1, 2, 1)), [2, 3, 0, 5, 6, 0, 8, 9, 0]);
});
