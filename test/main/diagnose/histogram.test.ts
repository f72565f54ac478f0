/** The stable binning rule of the diagnostics histograms. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { binGrid, histogram } from '../../../main/diagnose/histogram.ts';
import { HISTOGRAM_BINS } from '../../../main/diagnose/types.ts';
import { createRng } from '../../../main/util/rng.ts';

test('power-of-two widths on a grid aligned to the width, holding min and max', () => {
  const rng = createRng(1);
  for (let k = 0; k < 500; k++) {
    const a = (rng.next() - 0.5) * 10 ** (rng.int(12) - 6);
    const b = a + rng.next() * 10 ** (rng.int(12) - 6);
    const { lo, width } = binGrid(a, b);
    assert.ok(Math.log2(width) % 1 === 0, `width ${width}`);
    assert.ok((lo / width) % 1 === 0);
    assert.ok(lo <= a && lo + HISTOGRAM_BINS * width > b, `[${a}, ${b}] in ${lo} + ${HISTOGRAM_BINS}·${width}`);
    // Not wastefully wide: half the width would not fit the span in the bins.
    assert.ok((b - a) / (width / 2) > HISTOGRAM_BINS - 1 - 1e-9 || b === a);
  }
});

test('two histograms lie on nested grids: one\'s edges are edges of the other', () => {
  const g1 = binGrid(-0.3, 0.7);
  const g2 = binGrid(-2.1, 5.2);
  const [fine, coarse] = g1.width < g2.width ? [g1, g2] : [g2, g1];
  assert.ok(coarse.width % fine.width === 0);
  assert.ok(((coarse.lo - fine.lo) / fine.width) % 1 === 0);
});

test('counts add up; non-finite values are left out; equal values land in one bin', () => {
  const values = [0, 0.1, 0.5, 0.5, 1, NaN, Infinity];
  const h = histogram(values, 0, 1);
  assert.equal(h.counts.reduce((a, b) => a + b, 0), 5);
  assert.equal(h.counts.length, HISTOGRAM_BINS);
  const same = histogram([3, 3, 3], 3, 3);
  assert.equal(same.counts.filter((c) => c > 0).length, 1);
  assert.ok(same.lo <= 3 && same.lo + same.width > 3);
});
