/** Occlusion: the drop in output lands on the pixels the model reads. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../../main/api/errors.ts';
import { createOcclusion, windowStarts } from '../../../main/explain/occlusion.ts';
import { fnModel } from './helpers.ts';

// 8×8×2 images; the model sums channel 1 of the pixels in rows 2-3, columns 4-5.
const reads = (p: number) => [2, 3].includes(Math.floor(p / 8)) && [4, 5].includes(p % 8);
const model = fnModel(128, (r) => r.reduce((s, v, k) => s + (k % 2 === 1 && reads(k >> 1) ? v : 0), 0), [8, 8, 2]);

test('tiling 2×2 windows: each read pixel gets the whole drop of its window, the rest nothing', async () => {
  const img = Float32Array.from({ length: 128 }, (_, k) => 1 + (k % 7));
  const result = await createOcclusion(model, { window: [2, 2], baseline: 0 }).attribute({ x: img, n: 1 });
  const [row] = result.rows;
  assert.equal(result.players.length, 64);
  row.attributions.forEach((a, p) => assert.ok(Math.abs(a - (reads(p) ? row.prediction : 0)) < 1e-4, `pixel ${p}: ${a}`));
  assert.equal(row.base, 0);
  assert.equal(result.details.positions, 16);
});

test('overlapping windows average their drops per pixel', async () => {
  const img = new Float32Array(128).fill(1);
  const [row] = (await createOcclusion(model, { window: [2, 2], stride: [1, 1] }).attribute({ x: img, n: 1 })).rows;
  // Pixel (2,4) is covered by 4 windows; they hide 1, 2, 2 and 4 of the read pixels: mean drop 9/4.
  assert.ok(Math.abs(row.attributions[2 * 8 + 4] - 9 / 4) < 1e-5, `${row.attributions[2 * 8 + 4]}`);
  assert.equal(row.attributions[0], 0);
});

test('window starts reach the far edge', () => {
  assert.deepEqual(windowStarts(7, 3, 3), [0, 3, 4]);
  assert.deepEqual(windowStarts(8, 4, 4), [0, 4]);
});

test('bad windows and tables are clear errors', () => {
  assert.throws(() => createOcclusion(model, { window: [9, 2] }), (e: ApiError) => /window height must be 1\.\.8/.test(e.message));
  assert.throws(() => createOcclusion(fnModel(3, () => 0)), (e: ApiError) => /occlusion explains images/.test(e.message));
});
