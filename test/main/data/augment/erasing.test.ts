import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eraseRect, randomRect } from '../../../../main/data/augment/erasing.ts';
import { createRng } from '../../../../main/util/rng.ts';

test('eraseRect zeroes exactly the rectangle, in every channel', () => {
  const dims = { h: 4, w: 5, c: 2 };
  const img = new Float32Array(40).fill(1);
  const out = eraseRect(img, dims, { x: 1, y: 2, width: 3, height: 2 });
  for (let y = 0; y < 4; y++) {
    for (let x = 0; x < 5; x++) {
      const inside = x >= 1 && x < 4 && y >= 2;
      for (let k = 0; k < 2; k++) assert.equal(out[(y * 5 + x) * 2 + k], inside ? 0 : 1, `${x},${y}`);
    }
  }
  assert.ok(img.every((v) => v === 1));
});

test('random rectangles stay inside the image and cover 2%-33% (up to rounding)', () => {
  const dims = { h: 28, w: 28, c: 1 };
  const rng = createRng(5);
  for (let i = 0; i < 200; i++) {
    const r = randomRect(dims, rng);
    assert.ok(r.x >= 0 && r.y >= 0 && r.x + r.width <= 28 && r.y + r.height <= 28);
    const frac = (r.width * r.height) / 784;
    assert.ok(frac > 0.005 && frac < 0.45, `fraction ${frac}`);
  }
});
