/**
 * Runs a study's trials, `workers` at a time, asynchronously: the moment one
 * trial ends the next is asked for, so a slow trial never holds the others
 * (ASHA needs no synchronisation: its promotions are decided per report).
 *
 * Resume: trials a dead process left 'running' were stored failed
 * ('interrupted: …') by the owners' sweep; their params are run again first,
 * as new trials with retryOf set; then the sampler continues from the stored
 * history. Interrupted trials do not count towards nTrials.
 *
 * Shared mode (`shared`, main/worker/): many processes run the study at once.
 * Each trial is claimed from the store (StudyState.claim → trials.claimNext),
 * which re-runs interrupted trials exactly once and counts nTrials over the
 * whole study. When nothing is left to claim but other workers' trials still
 * run, the runner sweeps and polls: a worker that died leaves its trial
 * running until its lease expires, then the sweep fails it as interrupted and
 * the next claim re-runs it. The study is finished when nothing is left to
 * claim and nothing runs anywhere.
 */
import { INTERRUPTED_TRIAL_PREFIX, type Store } from '../../db/store.ts';
import { ApiError } from '../api/errors.ts';
import { sweepOrphans } from '../run/ownership.ts';
import type { TrialExecutor, TrialOutcome } from './executor.ts';
import type { StudyState } from './study-state.ts';
import type { StudyEvent, StudyStatus } from './types.ts';

export type RunnerDeps = {
  state: StudyState;
  store: Store;
  /** The owner the runner's trials are stored with (this process). */
  ownerId: string;
  executor: TrialExecutor;
  workers: number;
  nTrials: number;
  emit(event: StudyEvent): void;
  /** Many processes run this study (see above); pollMs: how often to look again while others' trials run. */
  shared?: { pollMs: number };
};

type Retry = { params: Record<string, unknown>; retryOf: number };

export class StudyRunner {
  readonly #d: RunnerDeps;
  readonly #active = new Map<number, { cancel(reason: string): void; worker: number }>();
  readonly #retries: Retry[] = [];
  #stopping = false;
  #filling = false;
  #finished = false;
  #error: string | null = null;
  /** Shared mode: the store had nothing to claim on the last try. */
  #exhausted = false;
  #poll: NodeJS.Timeout | null = null;
  #claimedAfterIdle = false;
  readonly done: Promise<StudyStatus>;
  #resolve!: (s: StudyStatus) => void;

  constructor(deps: RunnerDeps) {
    this.#d = deps;
    this.done = new Promise((r) => (this.#resolve = r));
  }

  get id(): string {
    return this.#d.state.id;
  }

  /** Trials that count: everything but interrupted failures (their retries count instead). */
  #counted(): number {
    return this.#d.state.history().filter((t) => t.state !== 'failed' || !this.#interrupted.has(t.number)).length;
  }
  readonly #interrupted = new Set<number>();

  async start(): Promise<void> {
    const { state, store } = this.#d;
    if (this.#d.shared) {
      this.#d.emit({ type: 'study-started', studyId: state.id, workers: this.#d.workers, nTrials: this.#d.nTrials });
      return this.#fill();
    }
    const retried = await store.trials.retried(state.id);
    const failed = await store.trials.list(state.id, { offset: 0, limit: 1_000_000, sort: 'number', order: 'asc', objective: 0, states: ['failed'] });
    for (const row of failed.items) {
      if (!row.error?.startsWith(INTERRUPTED_TRIAL_PREFIX)) continue;
      this.#interrupted.add(row.number);
      if (!retried.has(row.number)) this.#retries.push({ params: row.params, retryOf: row.number });
    }
    this.#d.emit({ type: 'study-started', studyId: state.id, workers: this.#d.workers, nTrials: this.#d.nTrials });
    await this.#fill();
  }

  /** No new trials; with cancelRunning, trials in flight are stopped and stored as interrupted (re-run on resume). */
  stop(cancelRunning: boolean, reason = 'stopped by user'): void {
    this.#stopping = true;
    if (this.#poll) clearTimeout(this.#poll);
    if (cancelRunning) for (const t of this.#active.values()) t.cancel(reason);
    this.#maybeFinish();
  }

  #freeWorker(): number {
    const used = new Set([...this.#active.values()].map((t) => t.worker));
    for (let w = 0; ; w++) if (!used.has(w)) return w;
  }

  /** Starts trials until `workers` are in flight or nTrials are done. Re-entrant calls return at once: the running loop re-checks after every await. */
  async #fill(): Promise<void> {
    if (this.#filling) return;
    this.#filling = true;
    try {
      const { state, executor, emit } = this.#d;
      const shared = Boolean(this.#d.shared);
      this.#exhausted = false;
      while (!this.#stopping && this.#active.size < this.#d.workers && (shared || this.#counted() < this.#d.nTrials)) {
        const worker = this.#freeWorker();
        const retry = shared ? undefined : this.#retries.shift();
        let trial;
        try {
          trial = shared
            ? await state.claim({ worker, ownerId: this.#d.ownerId, nTrials: this.#d.nTrials })
            : await state.ask({ worker, params: retry?.params as never, retryOf: retry?.retryOf ?? null, ownerId: this.#d.ownerId });
          if (!trial) {
            this.#exhausted = true;
            break;
          }
          this.#claimedAfterIdle = false;
        } catch (error) {
          this.#error = `cannot ask for a trial: ${(error as Error).message}`;
          this.#stopping = true;
          break;
        }
        const { number, params } = trial;
        // Reserve the worker slot before anything else awaits.
        const slot = { cancel: (_reason: string) => {}, worker };
        this.#active.set(number, slot);
        emit({ type: 'trial-started', studyId: state.id, number, params, runId: null, worker });
        const handle = executor({ number, params, worker }, {
          report: async (step, value) => {
            const prune = await state.report(number, step, value);
            emit({ type: 'trial-reported', studyId: state.id, number, step, value });
            return prune;
          },
          attachRun: (id) => this.#d.store.trials.setRun(state.id, number, id),
        });
        slot.cancel = handle.cancel;
        handle.done.then(
          (outcome) => this.#end(number, outcome),
          (error: unknown) => this.#end(number, { state: 'failed', error: error instanceof Error ? error.message : String(error) }),
        );
      }
    } finally {
      this.#filling = false;
    }
    this.#maybeFinish();
  }

  async #end(number: number, outcome: TrialOutcome): Promise<void> {
    const { state, emit } = this.#d;
    try {
      if (outcome.state === 'complete') {
        const r = await state.tell(number, { state: 'complete', values: outcome.values });
        if (r.state === 'complete') emit({ type: 'trial-completed', studyId: state.id, number, values: outcome.values, isBest: state.isBest(number) });
        else emit({ type: 'trial-failed', studyId: state.id, number, error: r.error ?? 'failed' });
      } else if (outcome.state === 'pruned') {
        await state.tell(number, { state: 'pruned', error: outcome.step !== null ? `pruned at step ${outcome.step}` : 'pruned' });
        emit({ type: 'trial-pruned', studyId: state.id, number, step: outcome.step });
      } else {
        await state.tell(number, { state: 'failed', error: outcome.error });
        if (outcome.interrupted) this.#interrupted.add(number);
        emit({ type: 'trial-failed', studyId: state.id, number, error: outcome.error });
      }
    } catch (error) {
      // A client told this trial already (ask/tell on a running study): its word stands.
      if (!(error instanceof ApiError)) {
        // The store is gone: nothing more can be stored or started.
        this.#error = (error as Error).message;
        this.#stopping = true;
      }
    }
    this.#active.delete(number);
    await this.#fill();
  }

  #maybeFinish(): void {
    if (this.#finished || this.#filling || this.#active.size > 0) return;
    if (this.#d.shared && !this.#stopping) {
      if (this.#exhausted) void this.#waitForOthers();
      return;
    }
    if (!this.#stopping && this.#counted() < this.#d.nTrials) return;
    this.#finished = true;
    const status: StudyStatus = this.#counted() >= this.#d.nTrials && !this.#error ? 'finished' : 'stopped';
    this.#resolve(status);
  }

  /** Shared mode, nothing to claim and nothing running here: done if nothing runs anywhere, else sweep and look again later. */
  async #waitForOthers(): Promise<void> {
    if (this.#poll || this.#finished) return;
    const { store, state } = this.#d;
    let running: number;
    try {
      running = (await store.trials.running(state.id)).length;
    } catch {
      running = 1; // the store is unreachable for now: look again later
    }
    if (this.#finished || this.#stopping || this.#active.size > 0) return this.#maybeFinish();
    if (running === 0) {
      // Claim once more first: a trial swept since the last claim is waiting for its re-run.
      if (!this.#claimedAfterIdle) {
        this.#claimedAfterIdle = true;
        return this.#fill();
      }
      this.#finished = true;
      this.#resolve(this.#error ? 'stopped' : 'finished');
      return;
    }
    this.#claimedAfterIdle = false;
    this.#poll = setTimeout(async () => {
      this.#poll = null;
      // A dead worker's trial stays running until its lease expires; the sweep then makes it claimable again.
      await sweepOrphans(store).catch(() => {});
      await this.#fill();
    }, this.#d.shared!.pollMs);
  }

  get error(): string | null {
    return this.#error;
  }
}
