import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootstrapInterval, median, quantile, quartiles } from '../../../main/util/stats.ts';

test('median: odd and even counts, unsorted input left as it is, empty → NaN', () => {
  const xs = [5, 1, 3];
  assert.equal(median(xs), 3);
  assert.deepEqual(xs, [5, 1, 3]);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([])));
});

test('quantiles interpolate linearly, as numpy.quantile does', () => {
  const xs = [7, 1, 3, 15, 9, 2];
  // numpy.quantile([1, 2, 3, 7, 9, 15], [0, 0.25, 0.5, 0.75, 0.9, 1]) = [1, 2.25, 5, 8.5, 12, 15]
  assert.deepEqual([0, 0.25, 0.5, 0.75, 0.9, 1].map((q) => quantile(xs, q)), [1, 2.25, 5, 8.5, 12, 15]);
  assert.deepEqual(quartiles(xs), { q1: 2.25, median: 5, q3: 8.5 });
  assert.equal(quantile([4], 0.3), 4);
});

test('bootstrap interval: seeded, brackets the statistic, narrows with more data', () => {
  const draw = (n: number) => Array.from({ length: n }, (_, i) => 10 + Math.sin(i * 12.9898) * 3);
  const small = draw(20);
  const a = bootstrapInterval(small, median, { seed: 3 });
  assert.deepEqual(bootstrapInterval(small, median, { seed: 3 }), a);
  assert.ok(a[0] <= median(small) && median(small) <= a[1], `${a} around ${median(small)}`);
  const big = bootstrapInterval(draw(400), median, { seed: 3 });
  assert.ok(big[1] - big[0] < a[1] - a[0], `${big} narrower than ${a}`);
  assert.ok(bootstrapInterval([], median).every(Number.isNaN));
});
