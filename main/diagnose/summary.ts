/**
 * Summaries of raw samples (weights, gradients, activations): mean and std,
 * min and max over every value; quantiles and a fixed-bin histogram over all
 * values up to SAMPLE_LIMIT, over an evenly spread sample of that size beyond
 * (a conv layer's activations on a probe batch run to millions). Pure.
 */
import { histogram } from './histogram.ts';
import { orderStatistics } from './order-statistics.ts';
import { QUANTILE_LEVELS, type Summary } from './types.ts';

/**
 * Values the quantiles are selected from at most. The quantile error of a
 * sample of m is about 1/√m in rank (under 1% at 16,384), below what a chart
 * shows, and the selection (order-statistics.ts) stays well under a millisecond.
 */
export const SAMPLE_LIMIT = 16384;

/** Linear interpolation between order statistics (numpy's default, type 7), reading the two ranks it needs through `at`. */
export function quantileAt(at: (rank: number) => number, n: number, q: number): number {
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return at(lo) + (h - lo) * (at(hi) - at(lo));
}

/** The same on sorted values. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  return quantileAt((rank) => sorted[rank], sorted.length, q);
}

/** The ranks quantileAt reads for the recorded levels, out of m values. */
function quantileRanks(m: number): number[] {
  return [...new Set(QUANTILE_LEVELS.flatMap((q) => [Math.floor((m - 1) * q), Math.min(m - 1, Math.floor((m - 1) * q) + 1)]))];
}

/**
 * The finite values, or SAMPLE_LIMIT of them evenly spread: a fractional step
 * n/m, so the picks walk through the units of a [.., units] layout instead of
 * aliasing onto a few of them. Deterministic, one pass.
 */
function finiteSample(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const m = Math.min(n, SAMPLE_LIMIT);
  const out = new Float64Array(m);
  let k = 0;
  for (let j = 0; j < m; j++) {
    const v = values[m === n ? j : Math.floor(((j + 0.5) * n) / m)];
    if (Number.isFinite(v)) out[k++] = v;
  }
  return out.subarray(0, k);
}

export function summarise(values: ArrayLike<number>): Summary {
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  const n = values.length;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    // v − v is 0 only for finite numbers: one comparison instead of Number.isFinite's call.
    if (v - v !== 0) continue;
    count++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = count ? sum / count : NaN;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - mean;
    if (d - d === 0) sq += d * d;
  }
  const sample = finiteSample(values);
  const m = sample.length;
  const ranks = quantileRanks(m);
  const ordered = orderStatistics(sample, ranks);
  const at = (rank: number) => ordered[ranks.indexOf(rank)];
  return {
    count,
    nonFinite: n - count,
    mean,
    std: count ? Math.sqrt(sq / count) : NaN,
    min: count ? min : NaN,
    max: count ? max : NaN,
    quantiles: QUANTILE_LEVELS.map((q) => quantileAt(at, m, q)),
    histogram: histogram(sample, min, max),
    sampled: sample.length,
  };
}
