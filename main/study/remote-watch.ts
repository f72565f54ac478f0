/**
 * Watching studies that other processes run (`modelbench worker` on this or
 * other machines, or another app): the app and `serve` show them live like a
 * local study. Every `pollMs`, each study stored 'running' by an owner other
 * than this process is re-read from its lowest unfinished trial on
 * (trials.frozen with fromNumber: what changed since the last look), and the
 * differences are announced as the same 'study.event's a local runner sends:
 * trial started, reported, completed (best so far or not), pruned, failed,
 * study finished. Polling works on every backend; one look costs one query per
 * running study plus the trials in flight.
 */
import type { StudyRow } from '../../db/store.ts';
import type { FrozenTrial } from '../tuner/types.ts';
import type { StudyEvent } from './types.ts';

type Source = {
  store: import('../../db/store.ts').Store;
  ownerId: string | null;
  emit(event: StudyEvent): void;
};

type Seen = { trials: Map<number, FrozenTrial>; best: number | null; directions: ('minimize' | 'maximize')[] };

/** Pure: the events that turn `before` into `after` (one trial), for a study with these directions. */
export function trialEvents(studyId: string, before: FrozenTrial | undefined, after: FrozenTrial, isBest: boolean): StudyEvent[] {
  const out: StudyEvent[] = [];
  if (!before) out.push({ type: 'trial-started', studyId, number: after.number, params: { ...after.params }, runId: null, worker: null });
  const oldSteps = before?.intermediate ?? {};
  for (const [step, value] of Object.entries(after.intermediate)) {
    if (oldSteps[Number(step)] !== value) out.push({ type: 'trial-reported', studyId, number: after.number, step: Number(step), value });
  }
  if (after.state !== 'running' && before?.state !== after.state) {
    if (after.state === 'complete') out.push({ type: 'trial-completed', studyId, number: after.number, values: [...(after.values ?? [])], isBest });
    else if (after.state === 'pruned') out.push({ type: 'trial-pruned', studyId, number: after.number, step: null });
    else out.push({ type: 'trial-failed', studyId, number: after.number, error: 'failed (on another worker)' });
  }
  return out;
}

export class RemoteStudyWatch {
  readonly #src: Source;
  readonly #pollMs: number;
  readonly #seen = new Map<string, Seen>();
  #timer: NodeJS.Timeout | null = null;
  #busy = false;

  constructor(src: Source, pollMs: number) {
    this.#src = src;
    this.#pollMs = pollMs;
  }

  start(): void {
    this.#timer = setInterval(() => void this.tick(), this.#pollMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  /** One look (exported for tests): never throws; an unreachable store is tried again at the next tick. */
  async tick(): Promise<void> {
    if (this.#busy) return;
    this.#busy = true;
    try {
      const running = new Map<string, StudyRow>();
      for (let offset = 0; ; offset += 200) {
        const page = await this.#src.store.studies.list({ offset, limit: 200, status: 'running' });
        for (const row of page.items) if (row.ownerId !== this.#src.ownerId) running.set(row.id, row);
        if (offset + 200 >= page.total) break;
      }
      for (const row of running.values()) await this.#look(row);
      // Studies no longer running elsewhere: one last look announces their last trials and the end.
      for (const id of [...this.#seen.keys()].filter((id) => !running.has(id))) {
        const row = await this.#src.store.studies.get(id);
        if (row) await this.#look(row);
        this.#seen.delete(id);
        if (row && row.status !== 'running') {
          const counts = await this.#src.store.trials.counts(id);
          this.#src.emit({ type: 'study-finished', studyId: id, status: row.status as 'finished', counts });
        }
      }
    } catch {
      // The store is unreachable for now.
    } finally {
      this.#busy = false;
    }
  }

  async #look(row: StudyRow): Promise<void> {
    let seen = this.#seen.get(row.id);
    const first = !seen;
    if (!seen) {
      seen = { trials: new Map(), best: null, directions: row.directions };
      this.#seen.set(row.id, seen);
    }
    let from = 0;
    for (const n of seen.trials.keys()) if (n >= from) from = n + 1;
    for (const t of seen.trials.values()) if (t.state === 'running' && t.number < from) from = t.number;
    const single = seen.directions.length === 1;
    const sign = seen.directions[0] === 'maximize' ? -1 : 1;
    for (const t of await this.#src.store.trials.frozen(row.id, from)) {
      const before = seen.trials.get(t.number);
      const loss = t.state === 'complete' && t.values && single ? sign * t.values[0] : null;
      const isBest = loss !== null && (seen.best === null || loss < seen.best);
      if (isBest) seen.best = loss;
      // The first look only learns the study as it is: the screen that opens it loads that itself.
      if (!first) for (const e of trialEvents(row.id, before, t, isBest)) this.#src.emit(e);
      seen.trials.set(t.number, t);
    }
  }
}
