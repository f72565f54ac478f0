/**
 * The virtualised trials table's data: server-sorted pages fetched only for the
 * rows on screen. Sorting or a refresh drops the cache; stale answers (from a
 * previous sort) are ignored by sequence number.
 */
import type { ModelbenchApi } from '../../../main/api/contract.ts';
import type { STUDY_TRIAL_SORT_KEYS } from '../../../main/api/contract.ts';
import type { TrialRow } from '../../../main/study/types.ts';
import { errorMessage } from '../api/errors.ts';
import { pagesFor, type RowRange } from '../lib/study-virtual.ts';

export type TrialSortKey = (typeof STUDY_TRIAL_SORT_KEYS)[number];
export const TRIAL_PAGE = 100;

export class StudyTrials {
  total = $state(0);
  sort = $state<TrialSortKey>('number');
  order = $state<'asc' | 'desc'>('asc');
  /** Rows by absolute index in the current sort. */
  rows = $state.raw<Map<number, TrialRow>>(new Map());
  error = $state<string | null>(null);
  #api: ModelbenchApi;
  #studyId: string;
  #range: RowRange = { start: 0, end: 0 };
  #loaded = new Set<number>();
  #seq = 0;

  constructor(api: ModelbenchApi, studyId: string) {
    this.#api = api;
    this.#studyId = studyId;
  }

  setRange(range: RowRange): void {
    this.#range = range;
    // The first call has no total yet: fetch page 0, which also tells us the total.
    const pages = this.total === 0 ? [0] : pagesFor(range, TRIAL_PAGE);
    for (const p of pages) if (!this.#loaded.has(p)) void this.#fetch(p, this.#seq);
  }

  toggleSort(key: TrialSortKey): void {
    if (this.sort === key) this.order = this.order === 'asc' ? 'desc' : 'asc';
    else {
      this.sort = key;
      // Best values first is what people want when they sort by value.
      this.order = key === 'number' ? 'asc' : 'desc';
    }
    // Rows of the old order must not show under the new one, even for a moment.
    this.rows = new Map();
    this.refresh();
  }

  /** Drops every cached page and reloads the visible ones (new trials, new sort). */
  refresh(): void {
    this.#seq++;
    this.#loaded.clear();
    const pages = pagesFor(this.#range, TRIAL_PAGE);
    for (const p of pages.length ? pages : [0]) void this.#fetch(p, this.#seq, true);
  }

  async #fetch(page: number, seq: number, replace = false): Promise<void> {
    this.#loaded.add(page);
    try {
      const res = await this.#api.call('studies.trials', { studyId: this.#studyId, offset: page * TRIAL_PAGE, limit: TRIAL_PAGE, sort: this.sort, order: this.order });
      if (seq !== this.#seq) return;
      const rows = replace ? new Map([...this.rows].filter(([i]) => Math.floor(i / TRIAL_PAGE) !== page)) : new Map(this.rows);
      res.items.forEach((r, i) => rows.set(page * TRIAL_PAGE + i, r));
      // Rows past the new total (after a refresh) must not linger.
      for (const i of rows.keys()) if (i >= res.total) rows.delete(i);
      this.rows = rows;
      this.total = res.total;
      this.error = null;
    } catch (e) {
      this.#loaded.delete(page);
      if (seq === this.#seq) this.error = errorMessage(e);
    }
  }
}
