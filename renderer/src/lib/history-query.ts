/** The History screen's query state → 'runs.list' params, and sorting rules. */
import type { Params } from '../../../main/api/contract.ts';
import type { RunListQuery, RunStatus } from '../../../main/api/schemas.ts';

/** The engine's sort keys (RUN_SORT_KEYS), each read from an index. */
export type SortKey = RunListQuery['sort'];
export type HistoryQuery = {
  page: number;
  pageSize: number;
  sort: SortKey;
  order: 'asc' | 'desc';
  status: RunStatus | '';
  datasetId: string;
  search: string;
};

export const DEFAULT_QUERY: HistoryQuery = { page: 0, pageSize: 50, sort: 'createdAt', order: 'desc', status: '', datasetId: '', search: '' };

export function toListParams(q: HistoryQuery): Params<'runs.list'> {
  const params: Params<'runs.list'> = { offset: q.page * q.pageSize, limit: q.pageSize, sort: q.sort, order: q.order };
  if (q.status) params.status = q.status;
  if (q.datasetId) params.datasetId = q.datasetId;
  const search = q.search.trim();
  if (search) params.search = search.slice(0, 200);
  return params;
}

/** Clicking a column sorts by it; clicking again flips the order. Names sort A→Z first, numbers best-first (losses and errors lowest). */
export function toggleSort(q: HistoryQuery, key: SortKey): HistoryQuery {
  if (q.sort === key) return { ...q, order: q.order === 'asc' ? 'desc' : 'asc', page: 0 };
  const ascFirst = key === 'name' || key === 'status' || key === 'valLoss' || key === 'valMse';
  return { ...q, sort: key, order: ascFirst ? 'asc' : 'desc', page: 0 };
}

/** Changing a filter goes back to the first page. */
export function withFilter(q: HistoryQuery, patch: Partial<Pick<HistoryQuery, 'status' | 'datasetId' | 'search' | 'pageSize'>>): HistoryQuery {
  return { ...q, ...patch, page: 0 };
}

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

export function clampPage(q: HistoryQuery, total: number): HistoryQuery {
  const last = pageCount(total, q.pageSize) - 1;
  return q.page > last ? { ...q, page: last } : q;
}

/**
 * The query moved to page `page` (0-based), kept within the pages `total` runs
 * fill; a typed page number that is not a number leaves the query as it is.
 */
export function goToPage(q: HistoryQuery, page: number, total: number): HistoryQuery {
  if (!Number.isFinite(page)) return q;
  const last = pageCount(total, q.pageSize) - 1;
  const p = Math.min(last, Math.max(0, Math.trunc(page)));
  return p === q.page ? q : { ...q, page: p };
}
