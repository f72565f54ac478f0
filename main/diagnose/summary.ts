/**
 * Summaries of raw samples (weights, gradients, activations): mean and std,
 * min and max over every value; quantiles and a fixed-bin histogram over all
 * values up to SAMPLE_LIMIT, over an evenly spread sample of that size beyond
 * (a conv layer's activations on a probe batch run to millions). Pure.
 */
import { histogram } from './histogram.ts';
import { QUANTILE_LEVELS, type Summary } from './types.ts';

/**
 * Values sorted for quantiles at most. The quantile error of a sample of m is
 * about 1/√m in rank (under 1% at 16,384), below what a chart shows, and the
 * sort stays near a millisecond.
 */
export const SAMPLE_LIMIT = 16384;

/** Linear interpolation between order statistics (numpy's default, type 7). */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
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
  const sample = finiteSample(values).sort();
  return {
    count,
    nonFinite: n - count,
    mean,
    std: count ? Math.sqrt(sq / count) : NaN,
    min: count ? min : NaN,
    max: count ? max : NaN,
    quantiles: QUANTILE_LEVELS.map((q) => quantile(sample, q)),
    histogram: histogram(sample, min, max),
    sampled: sample.length,
  };
}
