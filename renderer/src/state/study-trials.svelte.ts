/**
 * The virtualised trials table's data: server-sorted pages fetched only for the
 * rows on screen. Only pages near the visible range stay cached (a bounded
 * cache: scrolling through 10,000 trials never holds more than a few hundred
 * rows), so a page that scrolled far away is fetched again if it comes back.
 * Sorting drops the cache; a refresh re-fetches the visible pages and keeps
 * showing the old rows until the new ones arrive. Stale answers (from a
 * previous sort or refresh) are ignored by sequence number.
 */
import type { ModelbenchApi } from '../../../main/api/contract.ts';
import type { STUDY_TRIAL_SORT_KEYS } from '../../../main/api/contract.ts';
import type { TrialRow } from '../../../main/study/types.ts';
import { errorMessage } from '../api/errors.ts';
import { inWindow, pagesFor, pageWindow, rowsFromPages, type RowRange } from '../lib/study-virtual.ts';

export type TrialSortKey = (typeof STUDY_TRIAL_SORT_KEYS)[number];
export const TRIAL_PAGE = 100;
/** Pages kept on each side of the visible ones. */
export const KEEP_PAGES_AROUND = 2;

export class StudyTrials {
  total = $state(0);
  sort = $state<TrialSortKey>('number');
  order = $state<'asc' | 'desc'>('asc');
  /** Rows by absolute index in the current sort (only the cached pages). */
  rows = $state.raw<Map<number, TrialRow>>(new Map());
  error = $state<string | null>(null);
  #api: ModelbenchApi;
  #studyId: string;
  #range: RowRange = { start: 0, end: 0 };
  /** Cached pages (plain data: `rows` is what the table follows). */
  #pages = new Map<number, TrialRow[]>();
  /** Pages fetched or in flight under the current sequence number. */
  #loaded = new Set<number>();
  #seq = 0;

  constructor(api: ModelbenchApi, studyId: string) {
    this.#api = api;
    this.#studyId = studyId;
  }

  /** How many pages are cached now (bounded by the visible range plus KEEP_PAGES_AROUND each side). */
  get cachedPages(): number {
    return this.#pages.size;
  }

  setRange(range: RowRange): void {
    this.#range = range;
    // The first call has no total yet: fetch page 0, which also tells us the total.
    const pages = this.total === 0 ? [0] : pagesFor(range, TRIAL_PAGE);
    if (this.#evictFar()) this.#publish();
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
    this.#pages.clear();
    this.rows = new Map();
    this.refresh();
  }

  /** Re-fetches the visible pages (new trials, new sort); cached rows stay on screen until their page answers. */
  refresh(): void {
    this.#seq++;
    this.#loaded.clear();
    const pages = pagesFor(this.#range, TRIAL_PAGE);
    for (const p of pages.length ? pages : [0]) void this.#fetch(p, this.#seq);
  }

  /** Drops cached (and forgets loaded) pages outside the window around the visible range; true if the cache changed. */
  #evictFar(): boolean {
    const w = pageWindow(this.#range, TRIAL_PAGE, KEEP_PAGES_AROUND);
    for (const p of this.#loaded) if (!inWindow(p, w)) this.#loaded.delete(p);
    let dropped = false;
    for (const p of this.#pages.keys())
      if (!inWindow(p, w)) {
        this.#pages.delete(p);
        dropped = true;
      }
    return dropped;
  }

  #publish(): void {
    this.rows = rowsFromPages(this.#pages, TRIAL_PAGE, this.total);
  }

  async #fetch(page: number, seq: number): Promise<void> {
    this.#loaded.add(page);
    try {
      const res = await this.#api.call('studies.trials', { studyId: this.#studyId, offset: page * TRIAL_PAGE, limit: TRIAL_PAGE, sort: this.sort, order: this.order });
      if (seq !== this.#seq) return;
      this.total = res.total;
      this.error = null;
      // The table may have scrolled far away while this page was on its way: keep it only if it is still near.
      if (inWindow(page, pageWindow(this.#range, TRIAL_PAGE, KEEP_PAGES_AROUND)) || this.#range.end <= this.#range.start) this.#pages.set(page, res.items);
      else this.#loaded.delete(page);
      this.#evictFar();
      // Pages past the new total (after a refresh) must not linger.
      for (const p of this.#pages.keys()) if (p * TRIAL_PAGE >= res.total) this.#pages.delete(p);
      this.#publish();
    } catch (e) {
      this.#loaded.delete(page);
      if (seq === this.#seq) this.error = errorMessage(e);
    }
  }
}
