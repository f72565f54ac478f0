/**
 * Window maths for the virtualised trials table: which rows are on screen and
 * which server pages hold them. The DOM only ever holds the visible rows plus
 * a little overscan, so 10,000 trials scroll like 10.
 */
export type RowRange = { start: number; end: number };

export function visibleRange(scrollTop: number, viewportHeight: number, rowHeight: number, total: number, overscan = 6): RowRange {
  if (total <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const count = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  return { start: Math.max(0, first - overscan), end: Math.min(total, first + count + overscan) };
}

/** Page indexes (of `pageSize` rows) that cover [start, end). */
export function pagesFor(range: RowRange, pageSize: number): number[] {
  if (range.end <= range.start) return [];
  const out: number[] = [];
  for (let p = Math.floor(range.start / pageSize); p <= Math.floor((range.end - 1) / pageSize); p++) out.push(p);
  return out;
}

/**
 * The pages worth keeping cached around a visible range: the pages that show
 * it plus `margin` pages on each side, as an inclusive [first, last] span.
 */
export function pageWindow(range: RowRange, pageSize: number, margin: number): { first: number; last: number } {
  const first = Math.floor(Math.max(0, range.start) / pageSize);
  const last = Math.floor(Math.max(range.start, range.end - 1, 0) / pageSize);
  return { first: Math.max(0, first - margin), last: last + margin };
}

export const inWindow = (page: number, w: { first: number; last: number }): boolean => page >= w.first && page <= w.last;

/**
 * Rows by absolute index from cached pages (page p holds rows p·pageSize…),
 * leaving out rows at or past `total` (the list may have shrunk since).
 */
export function rowsFromPages<T>(pages: ReadonlyMap<number, readonly T[]>, pageSize: number, total: number): Map<number, T> {
  const rows = new Map<number, T>();
  for (const p of [...pages.keys()].sort((a, b) => a - b)) {
    const items = pages.get(p)!;
    for (let i = 0; i < items.length; i++) {
      const at = p * pageSize + i;
      if (at < total) rows.set(at, items[i]);
    }
  }
  return rows;
}
