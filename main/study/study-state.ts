/**
 * One study loaded for ask / report / tell: its validated config, sampler,
 * pruner and an in-memory mirror of its trials (what the tuner sees), kept in
 * step with the store. Every change is written to the store first (one
 * transaction each), so a killed process loses nothing it announced. The runner
 * keeps one of these for the whole study; a CLI ask/tell loads a fresh one per call.
 */
import { ApiError } from '../api/errors.ts';
import type { Store, StudyRow } from '../../db/store.ts';
import { ask, shouldPrune } from '../tuner/ask.ts';
import { deriveSeed } from '../util/rng.ts';
import type { FrozenTrial, Params, Pruner, Sampler, StudyDirection } from '../tuner/types.ts';
import { buildPruner, buildSampler, validateStudy, type ValidStudy } from './validate.ts';
import type { TrialState } from './types.ts';

type Mirror = { number: number; state: TrialState; params: Params; values?: number[]; intermediate: Record<number, number> };

export type TellInput = { state: Exclude<TrialState, 'running'>; values?: number[] | null; error?: string | null };

export class StudyState {
  readonly id: string;
  readonly row: StudyRow;
  readonly valid: ValidStudy;
  readonly directions: StudyDirection[];
  readonly #store: Store;
  readonly #sampler: Sampler;
  readonly #pruner: Pruner;
  readonly #trials = new Map<number, Mirror>();
  readonly #started = new Map<number, number>();

  private constructor(store: Store, row: StudyRow) {
    this.#store = store;
    this.id = row.id;
    this.row = row;
    this.valid = validateStudy(row.config);
    this.directions = this.valid.objectives.map((o) => o.direction);
    this.#sampler = buildSampler(this.valid.sampler);
    this.#pruner = buildPruner(this.valid.pruner);
  }

  /** Validates the stored config and mirrors the study's trials. */
  static async load(store: Store, row: StudyRow): Promise<StudyState> {
    const state = new StudyState(store, row);
    await state.refresh();
    return state;
  }

  /**
   * Re-reads the trials that can still change (in a shared study, other workers
   * add and finish trials all the time): from the lowest one this mirror holds
   * running, or above the highest it knows. Finished trials never change, so a
   * claim reads the few trials in flight, not the whole study.
   */
  async refresh(): Promise<void> {
    let from = this.#nextNumber();
    for (const t of this.#trials.values()) if (t.state === 'running' && t.number < from) from = t.number;
    for (const t of await this.#store.trials.frozen(this.id, from))
      this.#trials.set(t.number, { number: t.number, state: t.state, params: { ...t.params }, values: t.values ? [...t.values] : undefined, intermediate: { ...t.intermediate } });
  }

  /**
   * A shared study (many workers, main/worker/): samples from the freshest
   * history, in which the other workers' trials are running (the samplers'
   * constant liar / pending points keep away from them), with this worker's own
   * random stream; then the store either re-runs an interrupted trial, stores
   * this one, or says the study has all its trials (null). trials.claimNext.
   */
  async claim(opts: { worker: number; ownerId: string; nTrials: number }): Promise<{ number: number; params: Params; retryOf: number | null } | null> {
    await this.refresh();
    const expected = this.#nextNumber();
    const seed = deriveSeed(this.row.seed, `worker.${opts.ownerId}.${opts.worker}`);
    const { params } = ask(this.valid.space, this.#sampler, this.history(), { seed, directions: this.directions, trialNumber: expected });
    const claimed = await this.#store.trials.claimNext(this.id, {
      params, worker: opts.worker, retryOf: null, startedAt: new Date().toISOString(), ownerId: opts.ownerId,
    }, opts.nTrials);
    if (!claimed) return null;
    this.#trials.set(claimed.number, { number: claimed.number, state: 'running', params: claimed.params, intermediate: {} });
    this.#started.set(claimed.number, Date.now());
    return claimed;
  }

  /** One more than the highest trial number known (a loop: a spread of a million keys would overflow the stack). */
  #nextNumber(): number {
    let next = 0;
    for (const n of this.#trials.keys()) if (n >= next) next = n + 1;
    return next;
  }

  history(): FrozenTrial[] {
    return [...this.#trials.values()];
  }

  trial(number: number): Mirror {
    const t = this.#trials.get(number);
    if (!t) throw new ApiError('not_found', `Study '${this.row.name}' has no trial ${number}.`);
    return t;
  }

  /**
   * Samples (or, for a retry, reuses) params and stores the trial as running.
   * The store allocates the number atomically, so two processes asking the same
   * study get different ones; the sampler is seeded with the number this process
   * expects, which is the one it gets unless another process asked meanwhile.
   */
  async ask(opts: { worker?: number | null; params?: Params; retryOf?: number | null; ownerId?: string | null } = {}): Promise<{ number: number; params: Params }> {
    const expected = this.#nextNumber();
    const params = opts.params ?? ask(this.valid.space, this.#sampler, this.history(), { seed: this.row.seed, directions: this.directions, trialNumber: expected }).params;
    const number = await this.#store.trials.create(this.id, {
      params, worker: opts.worker ?? null, retryOf: opts.retryOf ?? null, startedAt: new Date().toISOString(), ownerId: opts.ownerId ?? null,
    });
    this.#trials.set(number, { number, state: 'running', params, intermediate: {} });
    this.#started.set(number, Date.now());
    return { number, params };
  }

  /** Stores an intermediate value of the first objective; true when the pruner says stop. */
  async report(number: number, step: number, value: number): Promise<boolean> {
    const t = this.trial(number);
    if (t.state !== 'running') throw new ApiError('conflict', `Trial ${number} is ${t.state}; only running trials report values.`);
    if (!Number.isFinite(value)) return false;
    await this.#store.trials.report(this.id, number, step, value);
    t.intermediate[step] = value;
    return shouldPrune(this.#pruner, this.history(), t, this.directions);
  }

  /** Finishes a running trial. Complete needs one finite value per objective; anything else fails the trial with a reason. */
  async tell(number: number, input: TellInput): Promise<{ state: TrialState; values: number[] | null; error: string | null }> {
    const t = this.trial(number);
    if (t.state !== 'running') throw new ApiError('conflict', `Trial ${number} is already ${t.state}.`);
    let { state } = input;
    let values = input.values ?? null;
    let error = input.error ?? null;
    if (state === 'complete') {
      const n = this.directions.length;
      if (!values || values.length !== n) throw new ApiError('invalid_argument', `Trial ${number} needs ${n} value${n > 1 ? 's' : ''} (one per objective), got ${values?.length ?? 0}.`);
      if (!values.every(Number.isFinite)) {
        // Optuna's rule: a NaN objective fails the trial instead of poisoning the sampler.
        state = 'failed';
        error = `objective values are not finite: ${JSON.stringify(values)}`;
        values = null;
      }
    } else values = null;
    const started = this.#started.get(number);
    const finished = await this.#store.trials.finish(this.id, number, { state, values, error, finishedAt: new Date().toISOString(), durationMs: started ? Date.now() - started : null });
    if (!finished) {
      const stored = await this.#store.trials.get(this.id, number);
      if (stored) t.state = stored.state;
      throw new ApiError('conflict', `Trial ${number} is no longer running (it is ${stored?.state ?? 'gone'}): another process finished it first.`);
    }
    t.state = state;
    if (values) t.values = values;
    return { state, values, error };
  }

  /** True when `values` beat every other complete trial (single objective) or no complete trial dominates them. */
  isBest(number: number): boolean {
    const mine = this.#trials.get(number)?.values;
    if (!mine) return false;
    const loss = (v: readonly number[]) => v.map((x, i) => (this.directions[i] === 'maximize' ? -x : x));
    const a = loss(mine);
    for (const t of this.#trials.values()) {
      if (t.number === number || t.state !== 'complete' || !t.values) continue;
      const b = loss(t.values);
      const noWorse = b.every((x, i) => x <= a[i]);
      if (this.directions.length === 1 ? b[0] < a[0] || (b[0] === a[0] && t.number < number) : noWorse && b.some((x, i) => x < a[i])) return false;
    }
    return true;
  }
}
