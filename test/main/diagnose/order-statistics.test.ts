/** Exact order statistics by bucket selection (main/diagnose/order-statistics.ts) against a full sort. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { orderStatistics } from '../../../main/diagnose/order-statistics.ts';
import { createRng } from '../../../main/util/rng.ts';

test('every asked rank holds what a full sort puts there: sizes, ties, tails, extremes', () => {
  const rng = createRng(11);
  const cases: [string, Float64Array][] = [];
  for (const n of [1, 2, 15, 64, 65, 100, 5000, 16384]) cases.push([`normal ${n}`, Float64Array.from({ length: n }, () => rng.normal())]);
  cases.push(['quarter steps (ties)', Float64Array.from({ length: 5000 }, () => Math.round(rng.normal() * 20) / 4)]);
  cases.push(['two values', Float64Array.from({ length: 3000 }, (_, i) => (i % 3 ? 1 : -1))]);
  cases.push(['constant', new Float64Array(1000).fill(-2.5)]);
  // Values crowd into one bucket of the full range: the bucket is selected again on its own range.
  cases.push(['one far outlier', Float64Array.from({ length: 10000 }, (_, i) => (i === 77 ? 1e30 : rng.normal() * 1e-6))]);
  cases.push(['outliers both sides', Float64Array.from({ length: 10000 }, (_, i) => (i % 997 === 0 ? (i % 2 ? 1e300 : -1e300) : rng.normal()))]);
  cases.push(['span past the float range', Float64Array.from({ length: 200 }, (_, i) => (i % 2 ? Number.MAX_VALUE : -Number.MAX_VALUE) * rng.next())]);
  cases.push(['subnormals and zeros', Float64Array.from({ length: 3000 }, (_, i) => (i % 5 ? rng.next() * 5e-324 * 1000 : i % 2 ? 0 : -0))]);
  for (const [name, a] of cases) {
    const n = a.length;
    const copy = a.slice();
    const sorted = a.slice().sort();
    const ranks = [n - 1, 0, Math.floor(n / 3), Math.floor(n / 2), Math.floor((n - 1) * 0.95), Math.min(n - 1, Math.floor((n - 1) * 0.95) + 1), Math.floor(n / 2)];
    const got = orderStatistics(a, ranks);
    ranks.forEach((r, k) => assert.ok(Object.is(got[k], sorted[r]) || got[k] === sorted[r], `${name}: rank ${r}: ${got[k]} vs ${sorted[r]}`));
    assert.deepEqual(a, copy, `${name}: the input is left as it was`);
  }
});

test('ranks outside the values give NaN; none asked, none computed', () => {
  assert.deepEqual(orderStatistics(Float64Array.from([3, 1, 2]), [-1, 1, 3]), [Number.NaN, 2, Number.NaN]);
  assert.deepEqual(orderStatistics(new Float64Array(0), [0]), [Number.NaN]);
  assert.deepEqual(orderStatistics(Float64Array.from([1]), []), []);
});
