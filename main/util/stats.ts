/**
 * Small descriptive statistics on plain numbers: the one home of median,
 * quantiles and the seeded bootstrap, so every measurement (latency, benches)
 * summarises its samples the same way. Pure: no tfjs, no node modules.
 */
import { createRng } from './rng.ts';

function sorted(xs: readonly number[]): number[] {
  return [...xs].sort((a, b) => a - b);
}

/** q-th quantile (q in [0, 1]) of an ascending list, linearly interpolated (numpy's default). NaN when empty. */
function quantileOfSorted(s: readonly number[], q: number): number {
  if (s.length === 0) return Number.NaN;
  const pos = Math.min(1, Math.max(0, q)) * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return lo === hi ? s[lo] : s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

/** q-th quantile (q in [0, 1]), linearly interpolated between order statistics. NaN for an empty list. */
export function quantile(xs: readonly number[], q: number): number {
  return quantileOfSorted(sorted(xs), q);
}

/** The middle value (mean of the two middle ones for an even count). NaN for an empty list. */
export function median(xs: readonly number[]): number {
  return quantile(xs, 0.5);
}

/** First quartile, median and third quartile in one sort. */
export function quartiles(xs: readonly number[]): { q1: number; median: number; q3: number } {
  const s = sorted(xs);
  return { q1: quantileOfSorted(s, 0.25), median: quantileOfSorted(s, 0.5), q3: quantileOfSorted(s, 0.75) };
}

/**
 * Percentile bootstrap interval of a statistic of one sample: resample with
 * replacement `rounds` times (seeded, so the interval replays), take the
 * statistic each time, and return the (1 − level)/2 and (1 + level)/2 quantiles.
 */
export function bootstrapInterval(
  xs: readonly number[],
  statistic: (sample: number[]) => number,
  opts: { level?: number; rounds?: number; seed?: number } = {},
): [number, number] {
  if (xs.length === 0) return [Number.NaN, Number.NaN];
  const level = opts.level ?? 0.95;
  const rounds = Math.max(1, opts.rounds ?? 2000);
  const rng = createRng(opts.seed ?? 1);
  const values: number[] = [];
  const sample = new Array<number>(xs.length);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < xs.length; i++) sample[i] = xs[rng.int(xs.length)];
    values.push(statistic(sample));
  }
  const s = sorted(values);
  return [quantileOfSorted(s, (1 - level) / 2), quantileOfSorted(s, (1 + level) / 2)];
}
