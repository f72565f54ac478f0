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
