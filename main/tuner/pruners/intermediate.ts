/**
 * Reading intermediate values, shared by the pruners.
 *
 * Multi-objective rule: pruners judge the intermediate values (which carry
 * the first objective, see FrozenTrial) in the first objective's direction.
 * A learning curve says how training is going; the other objectives
 * (parameter count, latency…) are fixed by the params and cannot improve by
 * training longer, so they are no reason to stop or continue a trial early.
 * NaN reports count as the worst possible value.
 */
import type { FrozenTrial, StudyDirection } from '../types.ts';

export const pruneDirection = (directions: readonly StudyDirection[]): StudyDirection => directions[0] ?? 'minimize';

/** Reported steps in increasing order. */
export const reportedSteps = (t: FrozenTrial): number[] => Object.keys(t.intermediate).map(Number).filter(Number.isFinite).sort((a, b) => a - b);

export const lastStep = (t: FrozenTrial): number | undefined => reportedSteps(t).at(-1);

/** Maps a value to a loss (lower is better) with NaN as +Infinity. */
export const asLoss = (v: number, direction: StudyDirection): number => (Number.isNaN(v) ? Infinity : direction === 'maximize' ? -v : v);

/** Best loss among reports at steps ≤ upTo, undefined when there is none. */
export function bestLossUpTo(t: FrozenTrial, upTo: number, direction: StudyDirection): number | undefined {
  let best: number | undefined;
  for (const s of reportedSteps(t)) {
    if (s > upTo) break;
    const l = asLoss(t.intermediate[s], direction);
    best = best === undefined ? l : Math.min(best, l);
  }
  return best;
}

/** The first reported step ≥ step, undefined when the trial never got that far. */
export const firstStepAtOrAfter = (t: FrozenTrial, step: number): number | undefined => reportedSteps(t).find((s) => s >= step);
