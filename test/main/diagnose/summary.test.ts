/** Sample summaries: moments, quantiles, sampling beyond the limit, recorded epochs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quantile, SAMPLE_LIMIT, selectRanks, summarise } from '../../../main/diagnose/summary.ts';
import { BYTES_PER_LAYER_EPOCH, QUANTILE_LEVELS } from '../../../main/diagnose/types.ts';
import { createRng } from '../../../main/util/rng.ts';

test('0..100: exact quantiles, mean, std, min, max', () => {
  const s = summarise(Float32Array.from({ length: 101 }, (_, i) => i));
  assert.deepEqual(s.quantiles, QUANTILE_LEVELS.map((q) => q * 100));
  assert.equal(s.mean, 50);
  assert.ok(Math.abs(s.std - Math.sqrt(850)) < 1e-9);
  assert.deepEqual([s.min, s.max, s.count, s.nonFinite, s.sampled], [0, 100, 101, 0, 101]);
  assert.equal(quantile([1, 2], 0.5), 1.5);
});

test('selecting ranks puts the same values there as a full sort, ties and all', () => {
  const rng = createRng(7);
  for (const n of [1, 2, 15, 17, 100, 5000]) {
    const a = Float64Array.from({ length: n }, () => Math.round(rng.normal() * 20) / 4);
    const sorted = a.slice().sort();
    const ranks = [0, Math.floor(n / 3), Math.floor(n / 2), n - 1, Math.floor((n - 1) * 0.95)];
    selectRanks(a, ranks);
    for (const r of ranks) assert.equal(a[r], sorted[r], `n ${n} rank ${r}`);
  }
});

test('non-finite values are counted apart and kept out of everything else', () => {
  const s = summarise([1, NaN, 3, -Infinity]);
  assert.deepEqual([s.count, s.nonFinite, s.mean, s.min, s.max], [2, 2, 2, 1, 3]);
  const none = summarise([NaN]);
  assert.equal(none.count, 0);
  assert.ok(Number.isNaN(none.mean));
});

test('beyond the sample limit, quantiles come from a spread sample and stay close', () => {
  const rng = createRng(2);
  const n = 20 * SAMPLE_LIMIT;
  const values = Float32Array.from({ length: n }, () => rng.normal());
  const s = summarise(values);
  assert.equal(s.sampled, SAMPLE_LIMIT);
  assert.equal(s.count, n);
  // Standard normal quantiles at 5%, 25%, 50%.
  [[1, -1.645], [2, -0.674], [3, 0]].forEach(([k, z]) => assert.ok(Math.abs(s.quantiles[k] - z) < 0.03, `${s.quantiles[k]} vs ${z}`));
  assert.equal(s.histogram.counts.reduce((a, b) => a + b, 0), SAMPLE_LIMIT);
});

test('a summary is small: three of them fit a layer-epoch\'s byte bound with room for the rest', () => {
  const rng = createRng(3);
  const s = summarise(Float32Array.from({ length: 5000 }, () => rng.normal() * 1e-3));
  assert.ok(3 * JSON.stringify(s).length < BYTES_PER_LAYER_EPOCH - 300, `${JSON.stringify(s).length} bytes`);
});
