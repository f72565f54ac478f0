/** Sample summaries: moments, quantiles, sampling beyond the limit, recorded epochs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quantile, SAMPLE_LIMIT, summarise } from '../../../main/diagnose/summary.ts';
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

test('quantiles are those of a full sort, to the bit: normal, long-tailed, tied, constant and sampled values', () => {
  const rng = createRng(7);
  const cases: [string, Float32Array][] = [
    ['normal', Float32Array.from({ length: 8192 }, () => rng.normal())],
    ['long tail (gradients)', Float32Array.from({ length: 4160 }, () => rng.normal() * 1e-4 * (rng.next() < 0.001 ? 1e6 : 1))],
    ['ReLU outputs (half zeros)', Float32Array.from({ length: 8192 }, () => Math.max(0, rng.normal()))],
    ['ties', Float32Array.from({ length: 3000 }, () => Math.round(rng.normal() * 3))],
    ['constant', new Float32Array(500).fill(0.25)],
    ['small', Float32Array.from({ length: 7 }, () => rng.normal())],
    ['beyond the sample limit', Float32Array.from({ length: 3 * SAMPLE_LIMIT + 5 }, () => rng.normal())],
  ];
  for (const [name, values] of cases) {
    const s = summarise(values);
    // The values the summary samples (every one up to the limit, an even spread beyond), fully sorted.
    const n = values.length, m = Math.min(n, SAMPLE_LIMIT);
    const sorted = Float64Array.from({ length: m }, (_, j) => values[m === n ? j : Math.floor(((j + 0.5) * n) / m)]).sort();
    assert.deepEqual(s.quantiles, QUANTILE_LEVELS.map((q) => quantile(sorted, q)), name);
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
