/** Seeded k-means and the background summary built on it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../../main/api/errors.ts';
import { kMeans, summariseBackground } from '../../../main/explain/kmeans.ts';
import { createRng } from '../../../main/util/rng.ts';

/** n points around each of the given 2-D centres. */
function blobs(centres: [number, number][], n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const x = new Float32Array(centres.length * n * 2);
  centres.forEach(([a, b], c) => {
    for (let i = 0; i < n; i++) x.set([a + 0.1 * rng.normal(), b + 0.1 * rng.normal()], (c * n + i) * 2);
  });
  return x;
}

test('finds well-separated clusters, whatever the seed', () => {
  const centres: [number, number][] = [[0, 0], [5, 5], [-5, 5]];
  const x = blobs(centres, 40, 1);
  for (const seed of [1, 2, 3]) {
    const r = kMeans(x, 120, 2, 3, seed);
    const found = Array.from({ length: 3 }, (_, c) => [r.centres[c * 2], r.centres[c * 2 + 1]]);
    for (const [a, b] of centres) assert.ok(found.some(([p, q]) => Math.hypot(p - a, q - b) < 0.1), `no centre near (${a}, ${b}) with seed ${seed}`);
    assert.deepEqual([...r.sizes].sort(), [40, 40, 40]);
  }
});

test('the same seed gives the same clustering', () => {
  const x = Float32Array.from({ length: 400 }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 % 1);
  assert.deepEqual(kMeans(x, 200, 2, 5, 7), kMeans(x, 200, 2, 5, 7));
});

test('a background summary: weights are cluster shares, values snapped to values the columns take', () => {
  // Column 0 is continuous, columns 1-2 a one-hot pair: centres must keep 0/1 there.
  const n = 90;
  const rng = createRng(3);
  const x = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    const hot = i % 3 === 0 ? 1 : 2;
    x.set([rng.normal() + (hot === 1 ? 10 : 0), hot === 1 ? 1 : 0, hot === 2 ? 1 : 0], i * 3);
  }
  const bg = summariseBackground({ x, n }, 3, 4, 1);
  assert.equal(bg.n, 4);
  assert.ok(Math.abs(bg.weights.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  const column0 = new Set(Array.from({ length: n }, (_, i) => x[i * 3]));
  for (let r = 0; r < bg.n; r++) {
    assert.ok(column0.has(bg.x[r * 3]));
    assert.ok([0, 1].includes(bg.x[r * 3 + 1]) && bg.x[r * 3 + 1] + bg.x[r * 3 + 2] === 1);
  }
});

test('fewer rows than k keeps the rows with equal weights; a bad k is a clear error', () => {
  const bg = summariseBackground({ x: Float32Array.of(1, 2, 3), n: 3 }, 1, 10, 1);
  assert.deepEqual(Array.from(bg.x), [1, 2, 3]);
  assert.deepEqual(Array.from(bg.weights), [1 / 3, 1 / 3, 1 / 3]);
  assert.throws(() => summariseBackground({ x: Float32Array.of(1), n: 1 }, 1, 0, 1), (e: ApiError) => e.code === 'invalid_argument');
});
