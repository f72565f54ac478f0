/**
 * Percentile pruner: stop a trial whose best intermediate value so far is
 * worse than the given percentile of the best-so-far values that complete
 * trials had reached by the same step.
 */
import type { FrozenTrial, Pruner, StudyDirection } from '../types.ts';
import { bestLossUpTo, lastStep, pruneDirection, reportedSteps } from './intermediate.ts';

export type PercentileOptions = {
  /** 0–100: 25 keeps only trials in the best quarter, 50 is the median rule. */
  percentile: number;
  /** No pruning until this many trials have completed. */
  nStartupTrials: number;
  /** No pruning before this step. */
  nWarmupSteps: number;
  /** Judge only every intervalSteps steps after the warm-up. */
  intervalSteps: number;
  /** Fewest complete trials that must have reached the step. */
  nMinTrials: number;
};
export const PERCENTILE_DEFAULTS: Omit<PercentileOptions, 'percentile'> = { nStartupTrials: 5, nWarmupSteps: 0, intervalSteps: 1, nMinTrials: 1 };

/** Linear-interpolated q-th percentile (0–100) of a non-empty list. */
export function percentileOf(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const pos = (Math.min(100, Math.max(0, q)) / 100) * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  // NaN reports are stored as Infinity; interpolating between two of them would give NaN.
  if (lo === hi || s[lo] === Infinity) return s[lo];
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

export function percentilePrune(history: readonly FrozenTrial[], trial: FrozenTrial, directions: readonly StudyDirection[], o: PercentileOptions): boolean {
  const step = lastStep(trial);
  if (step === undefined || step < o.nWarmupSteps || (step - o.nWarmupSteps) % Math.max(1, o.intervalSteps) !== 0) return false;
  const complete = history.filter((t) => t.state === 'complete' && t.number !== trial.number);
  if (complete.length < o.nStartupTrials) return false;
  const dir = pruneDirection(directions);
  const mine = bestLossUpTo(trial, step, dir)!;
  if (mine === Infinity) return true;
  // Compare like with like: other trials' best losses up to the same step, among those that got that far.
  const others = complete.filter((t) => (reportedSteps(t).at(-1) ?? -Infinity) >= step).map((t) => bestLossUpTo(t, step, dir))
    .filter((v): v is number => v !== undefined);
  if (others.length < Math.max(1, o.nMinTrials)) return false;
  // Losses: a trial survives when it is inside the best `percentile` percent.
  return mine > percentileOf(others, o.percentile);
}

export class PercentilePruner implements Pruner {
  readonly name: string = 'percentile';
  readonly options: PercentileOptions;
  constructor(options: Partial<PercentileOptions> & { percentile: number }) {
    if (!(options.percentile >= 0 && options.percentile <= 100)) throw new Error('percentile must be within 0 and 100');
    this.options = { ...PERCENTILE_DEFAULTS, ...options };
  }
  prune(history: readonly FrozenTrial[], trial: FrozenTrial, directions: readonly StudyDirection[]): boolean {
    return percentilePrune(history, trial, directions, this.options);
  }
}
