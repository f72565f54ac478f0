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

/** Linear interpolation between order statistics (numpy's default, type 7); the two ranks it reads must be in place (sorted or selectRanks). */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Reorders `a` so that each of the given ranks holds the value a full sort
 * would put there (multi-quickselect, Hoare partitions around a median-of-three
 * pivot): the quantiles need 14 order statistics, not a sort, which is 5-8×
 * faster on the sizes the probe summarises.
 */
export function selectRanks(a: Float64Array, ranks: readonly number[]): void {
  const wanted = [...new Set(ranks)].sort((x, y) => x - y);
  const stack: [number, number, number, number][] = [[0, a.length - 1, 0, wanted.length - 1]];
  while (stack.length) {
    const [lo, hi, first, last] = stack.pop() as [number, number, number, number];
    if (first > last || lo >= hi) continue;
    if (hi - lo < 16) {
      a.subarray(lo, hi + 1).sort();
      continue;
    }
    const mid = (lo + hi) >> 1;
    const pivot = Math.max(Math.min(a[lo], a[mid]), Math.min(Math.max(a[lo], a[mid]), a[hi]));
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i++] = a[j];
        a[j--] = t;
      }
    }
    // [lo, j] ≤ pivot ≤ [i, hi]; ranks strictly between j and i already hold their value.
    let split = first;
    while (split <= last && wanted[split] <= j) split++;
    let after = split;
    while (after <= last && wanted[after] < i) after++;
    stack.push([lo, j, first, split - 1], [i, hi, after, last]);
  }
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
  selectRanks(sample, QUANTILE_LEVELS.flatMap((q) => [Math.floor((m - 1) * q), Math.min(m - 1, Math.floor((m - 1) * q) + 1)]).filter((r) => r >= 0));
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
