import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rotateScale } from '../../../../main/data/augment/affine.ts';

const dims = { h: 5, w: 5, c: 1 };
const img = Float32Array.from({ length: 25 }, (_, i) => (i * 7) % 11);

test('rotation 0 and scale 1 are the identity', () => {
  assert.deepEqual(rotateScale(img, dims, 0, 1), img);
});

test('a 90° rotation maps out(x, y) = in(4 - y, x); four of them are the identity', () => {
  const out = rotateScale(img, dims, Math.PI / 2, 1);
  for (let y = 0; y < 5; y++) {
    for (let x = 0; x < 5; x++) assert.ok(Math.abs(out[y * 5 + x] - img[x * 5 + (4 - y)]) < 1e-4, `${x},${y}`);
  }
  // four quarter turns bring the image back (up to float rounding of cos/sin)
  let back = out;
  for (let k = 0; k < 3; k++) back = rotateScale(back, dims, Math.PI / 2, 1);
  for (let i = 0; i < 25; i++) assert.ok(Math.abs(back[i] - img[i]) < 1e-4);
  assert.notDeepEqual(out, img);
});

test('bilinear sampling interpolates and zooming out fills the border with 0', () => {
  const ramp = Float32Array.from({ length: 25 }, (_, i) => i % 5); // value = x
  const zoomed = rotateScale(ramp, dims, 0, 2); // zoom in 2x about the centre (2, 2)
  // output x=1 samples source x = 2 + (1-2)/2 = 1.5 → halfway between 1 and 2
  assert.equal(zoomed[5 * 2 + 1], 1.5);
  const out = rotateScale(ramp, dims, 0, 0.5); // zoom out: corners sample outside
  assert.equal(out[0], 0);
  assert.equal(out[12], 2); // the centre stays put
});
