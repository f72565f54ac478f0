/**
 * A worker process's job: run trials of shared studies until they are done.
 * Many workers, on one machine or many, point at one store (PostgreSQL, or a
 * SQLite file on one machine) and run the same study at once: the study is no
 * longer owned by one process. Each trial is claimed from the store
 * (trials.claimNext: unique numbers, nTrials over the whole study, an
 * interrupted trial re-run exactly once) and held by this process's owner
 * lease; a worker that dies has its trial swept when its lease expires and
 * re-run by another (StudyRunner's shared mode).
 *
 * `studyId`: that study, until it is finished. `all`: every runnable study,
 * oldest first, one at a time, and then waits for new ones, until stopped.
 */
import type { StudyRow } from '../../db/store.ts';
import { ApiError } from '../api/errors.ts';
import type { JobContext } from '../run/context.ts';
import { jobOwner } from '../run/context.ts';
import { executorFor } from '../study/launch.ts';
import { StudyRunner } from '../study/runner.ts';
import { StudyState } from '../study/study-state.ts';
import type { StudyEvent, StudyStatus } from '../study/types.ts';
import { validateStudy } from '../study/validate.ts';

export type WorkerOptions = {
  /** One study (exits when it is finished), or every runnable study (never exits by itself). */
  target: { studyId: string } | { all: true };
  /** Trials this process runs at the same time. */
  slots: number;
  /** How often to look again for trials (others' running ones, swept ones, new studies). */
  pollMs: number;
  /** Lines for people: which study, which trial, what happened. */
  log(line: string): void;
};

export type WorkerResult = { studies: { id: string; status: StudyStatus }[]; stopped: boolean };

/** Statuses a worker leaves alone: the study is done, or a person stopped it. */
const DONE = new Set(['finished', 'stopped']);

/** A study workers can run: trials to claim (or still running elsewhere), and something to run (not ask/tell). */
export function isRunnable(row: StudyRow): boolean {
  if (DONE.has(row.status)) return false;
  try {
    return validateStudy(row.config).kind !== 'external';
  } catch {
    return false;
  }
}

export class SharedStudyWorker {
  readonly #ctx: JobContext;
  readonly #opts: WorkerOptions;
  #runner: StudyRunner | null = null;
  #stopping: 'finish' | 'release' | null = null;
  #wake: (() => void) | null = null;

  constructor(ctx: JobContext, opts: WorkerOptions) {
    this.#ctx = ctx;
    this.#opts = opts;
  }

  /**
   * Ctrl-C. 'finish': claim nothing new, let the trials in flight end.
   * 'release': stop them now; they are stored as interrupted and another worker re-runs them.
   */
  stop(how: 'finish' | 'release'): void {
    this.#stopping = how === 'release' || this.#stopping === 'release' ? 'release' : 'finish';
    this.#runner?.stop(this.#stopping === 'release', 'the worker running it was stopped');
    this.#wake?.();
  }

  async run(): Promise<WorkerResult> {
    const done: WorkerResult['studies'] = [];
    const target = this.#opts.target;
    while (!this.#stopping) {
      const row = 'studyId' in target ? await this.#study(target.studyId) : await this.#nextRunnable();
      if (!row) {
        if ('studyId' in target) break;
        await this.#sleep(this.#opts.pollMs);
        continue;
      }
      if (!isRunnable(row)) {
        this.#opts.log(`study ${row.id} '${row.name}' is ${row.status}: nothing to run`);
        break;
      }
      const status = await this.#runStudy(row);
      done.push({ id: row.id, status });
      if ('studyId' in target) break;
    }
    return { studies: done, stopped: this.#stopping !== null };
  }

  async #study(id: string): Promise<StudyRow> {
    const row = await this.#ctx.store.studies.get(id);
    if (!row) throw new ApiError('not_found', `No study with id '${id}' in this store.`);
    return row;
  }

  /** The oldest runnable study; pages through the list so a long history is never read at once. */
  async #nextRunnable(): Promise<StudyRow | undefined> {
    const limit = 200;
    let found: StudyRow | undefined;
    for (let offset = 0; ; offset += limit) {
      const page = await this.#ctx.store.studies.list({ offset, limit });
      // Newest first: the last one found is the oldest. A runnable study with nothing left ends 'finished' on its first pass.
      for (const row of page.items) if (isRunnable(row)) found = row;
      if (offset + limit >= page.total) return found;
    }
  }

  async #runStudy(row: StudyRow): Promise<StudyStatus> {
    const ctx = this.#ctx;
    const ownerId = jobOwner(ctx);
    const state = await StudyState.load(ctx.store, row);
    const executor = await executorFor(ctx, state);
    // Running, with this worker as the owner people see; the sweep makes it 'interrupted' only once every worker is gone.
    if (row.status !== 'running') await ctx.store.studies.update(row.id, { status: 'running', ownerId, finishedAt: null });
    this.#opts.log(`study ${row.id} '${row.name}': ${state.valid.config.nTrials} trials over all workers, ${this.#opts.slots} here`);
    const runner = new StudyRunner({
      state, store: ctx.store, ownerId, executor, workers: this.#opts.slots, nTrials: state.valid.config.nTrials,
      shared: { pollMs: this.#opts.pollMs },
      emit: (event) => {
        ctx.emit('study.event', event);
        const line = describe(event);
        if (line) this.#opts.log(line);
      },
    });
    this.#runner = runner;
    await runner.start();
    if (this.#stopping) runner.stop(this.#stopping === 'release', 'the worker running it was stopped');
    const status = await runner.done;
    this.#runner = null;
    if (status === 'finished') {
      await ctx.store.studies.update(row.id, { status: 'finished', finishedAt: new Date().toISOString() });
      const counts = await ctx.store.trials.counts(row.id);
      ctx.emit('study.event', { type: 'study-finished', studyId: row.id, status: 'finished', counts });
      this.#opts.log(`study ${row.id} finished: ${counts.complete} complete, ${counts.pruned} pruned, ${counts.failed} failed`);
    } else if (runner.error) {
      this.#opts.log(`study ${row.id}: ${runner.error}`);
    }
    return status;
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
  }
}

function describe(e: StudyEvent): string | null {
  switch (e.type) {
    case 'trial-started': return `trial ${e.number} started (slot ${e.worker}) ${JSON.stringify(e.params)}`;
    case 'trial-completed': return `trial ${e.number} complete ${JSON.stringify(e.values)}`;
    case 'trial-pruned': return `trial ${e.number} pruned`;
    case 'trial-failed': return `trial ${e.number} failed: ${e.error.split('\n')[0]}`;
    default: return null;
  }
}
