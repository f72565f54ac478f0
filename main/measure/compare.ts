/**
 * The maths of a latency comparison, on plain numbers. Baseline and candidate
 * were timed in interleaved pairs (A B, B A, A B, …), so both saw the same
 * machine load over the same stretch of time; models measured separately
 * (minutes apart, in other experiments) differ by the load as much as by
 * themselves.
 *
 * The estimate is the ratio of the two lower quartiles: on a busy machine a
 * timed call is often stretched by the scheduler, never shortened, so the
 * fastest quarter of each model's samples is the least disturbed, and
 * interleaving gives both models the same chances. (The median of per-pair
 * ratios was measured too: at a load average of 10 on 2 cores it missed a real
 * 2× speed-up in 2 of 8 trials, the lower-quartile ratio in none.) Its 95%
 * interval comes from resampling the pairs (seeded bootstrap). The verdict is
 * "no measurable change" unless the whole interval lies beyond NO_CHANGE_BAND
 * on one side.
 */
import type { LatencyVerdict } from '../compression/types.ts';
import { bootstrapInterval, quantile } from '../util/stats.ts';

/**
 * Changes smaller than 5% are not reported even when consistent: at that size
 * they come from memory layout and caches as much as from the model, and would
 * flip between machines.
 */
export const NO_CHANGE_BAND = 0.05;

export type RatioSummary = {
  /** Candidate time / baseline time (lower quartiles): below 1 the candidate is faster. */
  ratio: number;
  /** 95% bootstrap interval of the ratio. */
  low: number;
  high: number;
  pairs: number;
};

export function pairedRatio(baselineMs: readonly number[], candidateMs: readonly number[]): RatioSummary {
  if (baselineMs.length !== candidateMs.length) throw new Error(`${baselineMs.length} baseline timings for ${candidateMs.length} candidate timings`);
  // Resampling whole pairs keeps each resample's two sides from the same moments.
  const ratioOf = (pairs: number[]): number =>
    quantile(pairs.map((i) => candidateMs[i]), 0.25) / quantile(pairs.map((i) => baselineMs[i]), 0.25);
  const all = Array.from({ length: baselineMs.length }, (_, i) => i);
  const [low, high] = bootstrapInterval(all, ratioOf, { rounds: 2000, seed: 1 });
  return { ratio: ratioOf(all), low, high, pairs: all.length };
}

export function latencyVerdict(s: Pick<RatioSummary, 'low' | 'high'>, band = NO_CHANGE_BAND): LatencyVerdict {
  if (s.high < 1 - band) return 'faster';
  if (s.low > 1 + band) return 'slower';
  return 'no measurable change';
}
