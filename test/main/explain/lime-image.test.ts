/** LIME for images: segment attributions on a model whose answer is known, and the errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../../main/api/errors.ts';
import { createLimeImage } from '../../../main/explain/lime-image.ts';
import { fnModel, linearModel } from './helpers.ts';

// 8×8 grey images; the model only looks at the top-left 4×4 quadrant.
const topLeft = (p: number) => Math.floor(p / 8) < 4 && p % 8 < 4;
const model = fnModel(64, (r) => r.reduce((s, v, p) => s + (topLeft(p) ? v : 0), 0) / 16, [8, 8, 1]);

test('grid segments against a black baseline: all the credit goes to the quadrant the model reads', async () => {
  const img = Float32Array.from({ length: 64 }, (_, p) => 0.2 + (p % 5) * 0.1);
  const result = await createLimeImage(model, { segmentation: { method: 'grid', segments: 4 }, baseline: 0, samples: 200 }).attribute({ x: img, n: 1 }, { seed: 1 });
  const [row] = result.rows;
  assert.equal(result.players.length, 64);
  assert.equal(new Set(row.segments).size, 4);
  const f = row.prediction;
  row.attributions.forEach((a, p) => assert.ok(Math.abs(a - (topLeft(p) ? f / 16 : 0)) < 1e-4, `pixel ${p}: ${a}`));
  assert.ok((result.details.fidelity as number[])[0] > 0.9999);
  assert.ok(Math.abs(row.additivityGap) < 1e-4);
});

test("SLIC segments (the default) still find the quadrant: its pixels outrank the rest", async () => {
  const img = Float32Array.from({ length: 64 }, (_, p) => (topLeft(p) ? 0.9 : 0.1));
  const result = await createLimeImage(model, { baseline: 0 }).attribute({ x: img, n: 1 }, { seed: 2 });
  const a = result.rows[0].attributions;
  const inside = Math.min(...a.filter((_, p) => topLeft(p)));
  const outside = Math.max(...a.filter((_, p) => !topLeft(p)));
  assert.ok(inside > outside, `${inside} vs ${outside}`);
});

test('an image method on a table is a clear error', () => {
  assert.throws(() => createLimeImage(linearModel([1, 2, 3])), (e: ApiError) => e.code === 'invalid_argument' && /explains images/.test(e.message) && /\[3\]/.test(e.message));
});
