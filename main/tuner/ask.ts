/**
 * The ask/tell seam without a Study object: storage and workers live
 * elsewhere and call these two functions with the trials they stored.
 *
 *   const { number, params } = ask(space, sampler, trials, { seed: study.seed, directions });
 *   // …train, reporting intermediate values…
 *   if (shouldPrune(pruner, trials, runningTrial, directions)) stop();
 */
import { createRng, deriveSeed } from '../util/rng.ts';
import { checkParams, type Space } from './space.ts';
import type { FrozenTrial, Params, Pruner, Sampler, StudyDirection } from './types.ts';

export type AskOptions = {
  /** The study's seed; each trial's random stream is derived from it and the trial number. */
  seed: number;
  /** One per objective; default a single 'minimize'. */
  directions?: readonly StudyDirection[];
  /** Default: one more than the largest number in history. */
  trialNumber?: number;
};

export const nextTrialNumber = (history: readonly FrozenTrial[]): number => history.reduce((m, t) => Math.max(m, t.number + 1), 0);

/** Seed of trial `n`'s sampling stream: recorded with the trial, it replays the suggestion. */
export const trialSeed = (studySeed: number, n: number): number => deriveSeed(studySeed, `tuner.sample.${n}`);

export function ask(space: Space, sampler: Sampler, history: readonly FrozenTrial[], opts: AskOptions): { number: number; params: Params } {
  const number = opts.trialNumber ?? nextTrialNumber(history);
  const directions = opts.directions ?? ['minimize'];
  const rng = createRng(trialSeed(opts.seed, number));
  const params = sampler.sample(space, history, { directions, trialNumber: number, rng });
  // A sampler bug must not reach training with values the space forbids.
  const problems = checkParams(space, params);
  if (problems.length) throw new Error(`sampler '${sampler.name}' suggested invalid params: ${problems.join('; ')}`);
  return { number, params };
}

/** True when the running trial should stop now; call it after each intermediate report. */
export function shouldPrune(pruner: Pruner, history: readonly FrozenTrial[], trial: FrozenTrial,
  directions: readonly StudyDirection[] = ['minimize']): boolean {
  if (trial.state !== 'running' || Object.keys(trial.intermediate).length === 0) return false;
  return pruner.prune(history, trial, directions);
}
