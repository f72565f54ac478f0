/** Small statistics for the benchmark table: medians (main/util/stats.ts) and a seeded two-sample bootstrap interval. */
import { median } from '../../main/util/stats.ts';
import { createRng } from '../../main/util/rng.ts';

export { median };

/** 95% bootstrap interval of median(a) − median(b), resampling each group independently. */
export function bootstrapMedianDiff(a: readonly number[], b: readonly number[], rounds = 2000, seed = 1): [number, number] {
  const rng = createRng(seed);
  const draw = (xs: readonly number[]) => median(Array.from({ length: xs.length }, () => xs[rng.int(xs.length)]));
  const diffs = Array.from({ length: rounds }, () => draw(a) - draw(b)).sort((x, y) => x - y);
  return [diffs[Math.floor(0.025 * rounds)], diffs[Math.ceil(0.975 * rounds) - 1]];
}
