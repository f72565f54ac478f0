/**
 * Asynchronous successive halving (ASHA, Li et al. 2020). Rung k sits at
 * resource (step) minResource·η^(k+s), s = minEarlyStoppingRate. When a
 * trial first reports at or past a rung, it is compared with every other
 * trial that has reached that rung so far (running, pruned or complete):
 * it goes on only if it is in the top ⌊n/η⌋ (at least the single best).
 * Nobody waits for stragglers, and a trial judged at a rung is never
 * judged there again, so its promotion is final.
 * Stateless: a trial's value at a rung is its report at the first step ≥
 * the rung, which prune() must therefore see, i.e. be called after every report.
 */
import type { FrozenTrial, Pruner, StudyDirection } from '../types.ts';
import { asLoss, firstStepAtOrAfter, pruneDirection, reportedSteps } from './intermediate.ts';

export type AshaOptions = {
  minResource: number;
  reductionFactor: number;
  minEarlyStoppingRate: number;
  /** A trial finishes at this step; no rung at or beyond it. Infinity for none. */
  maxResource: number;
  /** Prune while fewer than this many trials (it included) have reached the rung. */
  bootstrapCount: number;
};
export const ASHA_DEFAULTS: AshaOptions = { minResource: 1, reductionFactor: 3, minEarlyStoppingRate: 0, maxResource: Infinity, bootstrapCount: 0 };

export const rungResource = (k: number, o: AshaOptions): number => o.minResource * Math.pow(o.reductionFactor, k + o.minEarlyStoppingRate);

/** The rung the trial's latest report is the decision point for, or undefined. */
export function decisionRung(trial: FrozenTrial, o: AshaOptions): number | undefined {
  const steps = reportedSteps(trial);
  const last = steps.at(-1);
  if (last === undefined) return undefined;
  const prev = steps.length > 1 ? steps[steps.length - 2] : -Infinity;
  let rung: number | undefined;
  for (let k = 0; rungResource(k, o) <= last && rungResource(k, o) < o.maxResource; k++)
    if (prev < rungResource(k, o)) rung = k; // crossed by this report; if several, the highest decides
  return rung;
}

/** A trial's loss at rung k: its report at the first step ≥ the rung's resource. */
export function rungLoss(t: FrozenTrial, k: number, o: AshaOptions, direction: StudyDirection): number | undefined {
  const s = firstStepAtOrAfter(t, rungResource(k, o));
  return s === undefined ? undefined : asLoss(t.intermediate[s], direction);
}

/** The ASHA decision for `trial` against the given competitors (the caller picks them: all trials, or one bracket). */
export function ashaPrune(competitors: readonly FrozenTrial[], trial: FrozenTrial, directions: readonly StudyDirection[], o: AshaOptions): boolean {
  const k = decisionRung(trial, o);
  if (k === undefined) return false;
  const dir = pruneDirection(directions);
  const mine = rungLoss(trial, k, o, dir)!;
  if (mine === Infinity) return true;
  const rivals = competitors.filter((t) => t.number !== trial.number && t.state !== 'failed')
    .map((t) => ({ n: t.number, loss: rungLoss(t, k, o, dir) }))
    .filter((r): r is { n: number; loss: number } => r.loss !== undefined);
  const reached = rivals.length + 1;
  if (reached < o.bootstrapCount) return true;
  const promoted = Math.max(1, Math.floor(reached / o.reductionFactor));
  // Ties go to the older trial, so the order is total and replayable.
  const better = rivals.filter((r) => r.loss < mine || (r.loss === mine && r.n < trial.number)).length;
  return better >= promoted;
}

export class SuccessiveHalvingPruner implements Pruner {
  readonly name = 'successive-halving';
  readonly options: AshaOptions;
  constructor(options: Partial<AshaOptions> = {}) {
    this.options = { ...ASHA_DEFAULTS, ...options };
    if (!(this.options.reductionFactor >= 2)) throw new Error('reductionFactor must be >= 2');
    if (!(this.options.minResource > 0)) throw new Error('minResource must be > 0');
  }
  prune(history: readonly FrozenTrial[], trial: FrozenTrial, directions: readonly StudyDirection[]): boolean {
    return ashaPrune(history, trial, directions, this.options);
  }
}
