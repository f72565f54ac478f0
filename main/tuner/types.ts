/**
 * The seams of the tuner core. Samplers and pruners only ever see read-only
 * frozen trials, so they cannot write to a study; whoever stores the study
 * (SQLite, a server database, an in-memory list) builds these from its rows.
 */
import type { Rng } from '../util/rng.ts';
import type { Space } from './space.ts';

export type ParamValue = string | number | boolean | null;
/** One trial's hyperparameters: only the params active for that trial appear. */
export type Params = Record<string, ParamValue>;

export type TrialState = 'running' | 'complete' | 'pruned' | 'failed';
export type StudyDirection = 'minimize' | 'maximize';

export type FrozenTrial = {
  readonly number: number;
  readonly state: TrialState;
  readonly params: Readonly<Params>;
  /** One value per objective; present when state is 'complete'. */
  readonly values?: readonly number[];
  /**
   * step → value reported while training. In multi-objective studies this is
   * the first objective: the other objectives (size, latency) are usually
   * fixed by the params and do not change over training steps.
   */
  readonly intermediate: Readonly<Record<number, number>>;
};

/** What a sampler is given besides the space and the history. */
export type SampleContext = {
  readonly directions: readonly StudyDirection[];
  /** The number the new trial will get; grid and hash-based choices key on it. */
  readonly trialNumber: number;
  /** Seeded from (study seed, trial number) by `ask`, so a replay draws the same numbers. */
  readonly rng: Rng;
};

/** JSON-serialisable snapshot from which `restoreSampler` rebuilds an equal sampler. */
export type SamplerState = { readonly name: string; readonly version: 1; readonly options: Record<string, unknown> };

export interface Sampler {
  readonly name: string;
  /** Returns a value for every param active under the returned values, and nothing else. */
  sample(space: Space, history: readonly FrozenTrial[], ctx: SampleContext): Params;
  getState(): SamplerState;
  setState(state: SamplerState): void;
}

export interface Pruner {
  readonly name: string;
  /** Called after each intermediate report of `trial` (which may also sit in `history`). */
  prune(history: readonly FrozenTrial[], trial: FrozenTrial, directions: readonly StudyDirection[]): boolean;
}
