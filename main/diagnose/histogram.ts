/**
 * Fixed-bin histograms with a stable binning rule (pure). The bin width is the
 * smallest power of two that fits the range into HISTOGRAM_BINS − 1 widths, and
 * the low edge is the multiple of that width at or below the minimum. So:
 * - the same values always give the same bins (no data-dependent rounding);
 * - bins of any two histograms (epochs, layers) are nested dyadic intervals,
 *   one grid refining the other, so the UI re-bins them onto a common grid
 *   exactly, with no interpolation, to draw histograms over time;
 * - edges are exact binary floats, so no value falls between bins by rounding.
 */
import { HISTOGRAM_BINS, type Histogram } from './types.ts';

/** Width and low edge for finite values in [min, max]. */
export function binGrid(min: number, max: number, bins = HISTOGRAM_BINS): { lo: number; width: number } {
  const span = max - min;
  // All values equal: a width small against the value, so the one bin says where it is.
  const target = span > 0 ? span / (bins - 1) : Math.max(Math.abs(min), 1) / 1024;
  let width = 2 ** Math.ceil(Math.log2(target));
  if (!Number.isFinite(width) || width <= 0) width = Number.MIN_VALUE;
  // (bins − 1) widths cover the span and lo is within one width below min, so bins widths reach past max;
  // the loop only guards against rounding at the extremes of the float range.
  for (;;) {
    if (!Number.isFinite(width)) return { lo: min, width: Number.MAX_VALUE };
    const lo = Math.floor(min / width) * width;
    if (lo <= min && lo + bins * width > max) return { lo, width };
    width *= 2;
  }
}

/** Counts of finite values per bin; non-finite values are left out (Summary.nonFinite counts them). */
export function histogram(values: ArrayLike<number>, min: number, max: number, bins = HISTOGRAM_BINS): Histogram {
  const counts = new Array<number>(bins).fill(0);
  if (!(max >= min)) return { lo: 0, width: 1, counts };
  const { lo, width } = binGrid(min, max, bins);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    counts[Math.min(bins - 1, Math.floor((v - lo) / width))]++;
  }
  return { lo, width, counts };
}
