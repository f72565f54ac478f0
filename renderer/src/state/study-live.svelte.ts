/**
 * One open study on the Live screen: its record, every trial (for the charts)
 * and importance, kept current from 'study.event'. Events mutate a plain model
 * (lib/study-live.ts); `tick` is the only reactive signal the charts follow,
 * and it moves at most every 500 ms however fast two workers report.
 */
import type { ImportanceResult, ModelbenchApi, StudyDetail, StudyEvent } from '../../../main/api/contract.ts';
import { errorMessage } from '../api/errors.ts';
import { StudyLiveModel, trialPageOffsets } from '../lib/study-live.ts';
import { throttle } from '../lib/study-throttle.ts';

export const REDRAW_MS = 500;
/** studies.trials' largest page: 10,000 trials load in 10 calls… */
const LOAD_PAGE = 1000;
/** …of which this many are in flight at once (after the first, which tells the total). */
const LOAD_PARALLEL = 4;

export class StudyLive {
  readonly studyId: string;
  readonly model: StudyLiveModel;
  detail = $state.raw<StudyDetail | null>(null);
  importance = $state.raw<ImportanceResult | null>(null);
  importanceError = $state<string | null>(null);
  error = $state<string | null>(null);
  loading = $state(true);
  /** Moves when the charts should rebuild (throttled). */
  tick = $state(0);
  /** Moves when finished trials change what the table and the summary show (throttled harder). */
  rowsTick = $state(0);
  #api: ModelbenchApi;
  #redraw = throttle(() => this.tick++, REDRAW_MS);
  // The record, importance and table pages are server queries: refresh them less often than the charts.
  #refreshMeta = throttle(() => void this.#loadMeta(), 1500);
  // Which machine ran each trial another process announced: studies.history's timeline, read again at most every 3 s.
  #refreshMachines = throttle(() => void this.#loadMachines(), 3000);
  #off: (() => void) | null = null;
  /**
   * Whether an event since the last rowsTick may have changed the table's rows.
   * The table fetches its own first pages when it mounts, so the meta load that
   * ends `open` must not make it fetch them again unless something happened since.
   */
  #rowsDirty = false;

  constructor(api: ModelbenchApi, studyId: string) {
    this.#api = api;
    this.studyId = studyId;
    this.model = new StudyLiveModel(studyId);
  }

  /**
   * Subscribes before the first load so no event falls between the two; with
   * `startWorkers`, starts the study only then, so the screen sees every trial.
   */
  async open(startWorkers?: number): Promise<void> {
    this.#off = this.#api.on('study.event', (e) => this.#onEvent(e));
    this.loading = true;
    try {
      // Trials and the intermediate curves load together; the curves attach once both are in.
      const trialsAndCurves = Promise.all([
        this.#loadTrials(),
        this.#api.call('studies.history', { studyId: this.studyId, maxIntermediateTrials: 300 }),
      ]).then(([, history]) => this.model.loadHistory(history));
      if (startWorkers) {
        await trialsAndCurves;
        await this.#api.call('studies.start', { studyId: this.studyId, workers: startWorkers });
        this.model.status = 'running';
        await this.#loadMeta();
      } else {
        // Nothing to start: the record and importance need not wait for 10,000 trials.
        await Promise.all([trialsAndCurves, this.#loadMeta()]);
      }
      this.error = null;
    } catch (e) {
      this.error = errorMessage(e);
    } finally {
      this.loading = false;
      this.tick++;
    }
  }

  close(): void {
    this.#off?.();
    this.#off = null;
    this.#redraw.cancel();
    this.#refreshMeta.cancel();
    this.#refreshMachines.cancel();
  }

  async #loadMachines(): Promise<void> {
    try {
      this.model.loadTimeline((await this.#api.call('studies.history', { studyId: this.studyId, maxIntermediateTrials: 0 })).timeline);
      this.#redraw.call();
    } catch {
      // The next event tries again; the timeline keeps its lanes meanwhile.
    }
  }

  /** The first page tells the total; the other pages are then fetched at once, LOAD_PARALLEL at a time. */
  async #loadTrials(): Promise<void> {
    const first = await this.#api.call('studies.trials', { studyId: this.studyId, offset: 0, limit: LOAD_PAGE });
    this.model.loadRows(first.items);
    if (first.items.length < LOAD_PAGE) return;
    const offsets = trialPageOffsets(first.total, LOAD_PAGE).slice(1);
    let next = 0;
    const worker = async () => {
      while (next < offsets.length) {
        const offset = offsets[next++];
        const page = await this.#api.call('studies.trials', { studyId: this.studyId, offset, limit: LOAD_PAGE });
        this.model.loadRows(page.items);
      }
    };
    await Promise.all(Array.from({ length: Math.min(LOAD_PARALLEL, offsets.length) }, worker));
  }

  /** `rows`: tell the table to refresh even if no event said the rows changed (stop, resume). */
  async #loadMeta(rows = false): Promise<void> {
    try {
      const detail = await this.#api.call('studies.get', { studyId: this.studyId });
      this.detail = detail;
      if (this.model.status === null || detail.study.status !== 'running') this.model.status = detail.study.status;
    } catch (e) {
      this.error = errorMessage(e);
    }
    try {
      this.importance = await this.#api.call('studies.importance', { studyId: this.studyId });
      this.importanceError = null;
    } catch (e) {
      // Importance needs a few finished trials; until then say so instead of failing the screen.
      this.importanceError = errorMessage(e);
    }
    if (rows || this.#rowsDirty) {
      this.#rowsDirty = false;
      this.rowsTick++;
    }
  }

  #onEvent(e: StudyEvent): void {
    if (!this.model.apply(e)) return;
    this.#redraw.call();
    if (e.type === 'trial-started' && this.model.needsMachines()) this.#refreshMachines.call();
    if (e.type !== 'trial-reported') {
      this.#rowsDirty = true;
      this.#refreshMeta.call();
    }
  }

  async stop(): Promise<void> {
    await this.#api.call('studies.stop', { studyId: this.studyId });
    await this.#loadMeta(true);
  }

  async resume(): Promise<void> {
    await this.#api.call('studies.start', { studyId: this.studyId });
    await this.#loadMeta(true);
  }
}
