/**
 * The seam between the runner (which trials, when, how many at once) and what
 * a trial does (train a run, run a command). Keras-tuner's split: the oracle
 * decides, the executor executes.
 */
import type { Params } from '../tuner/types.ts';

export type TrialOutcome =
  | { state: 'complete'; values: number[] }
  | { state: 'pruned'; step: number | null }
  /** interrupted: stopped from outside (stop, shutdown), so a resume re-runs the params. */
  | { state: 'failed'; error: string; interrupted?: boolean };

export type TrialHooks = {
  /** Stores an intermediate value; true means prune now (the executor then stops the trial). */
  report(step: number, value: number): Promise<boolean>;
  /** The run that a training trial created (stored with the trial). */
  attachRun?(runId: string): Promise<void>;
};

export type TrialHandle = { done: Promise<TrialOutcome>; cancel(reason: string): void };

export type TrialExecutor = (trial: { number: number; params: Params; worker: number }, hooks: TrialHooks) => TrialHandle;

/** Prefix of a trial's error when it was stopped from outside (stop, shutdown, a dead process): its params run again on resume. */
export { INTERRUPTED_TRIAL_PREFIX as INTERRUPTED_PREFIX } from '../../db/store.ts';
