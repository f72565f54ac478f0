/**
 * A feature that gives the label away: its values determine the class exactly
 * and it has no more distinct values than a relabelling would (at most twice
 * the classes, each seen at least 10 times, so chance cannot explain it), or,
 * for regression, it is an exact linear function of the target (|r| ≥ 0.9999).
 * Imports of text and series data refuse such columns, naming them, because a
 * model trained on them learns nothing it could use on new data.
 */
export type LeakColumn = { name: string; values: ArrayLike<number> | readonly (string | null)[] };

export function findLeak(columns: LeakColumn[], y: ArrayLike<number>, task: 'classification' | 'regression', rows: ArrayLike<number>, classes: number): string | null {
  for (const column of columns) {
    if (task === 'classification' ? determinesClass(column.values, y, rows, classes) : linearInTarget(column.values, y, rows)) return column.name;
  }
  return null;
}

function determinesClass(values: LeakColumn['values'], y: ArrayLike<number>, rows: ArrayLike<number>, classes: number): boolean {
  const classOf = new Map<string | number | null, number>();
  for (let i = 0; i < rows.length; i++) {
    const v = values[rows[i] as number] ?? null;
    const k = y[i] as number;
    const seen = classOf.get(v);
    if (seen === undefined) {
      classOf.set(v, k);
      if (classOf.size > 2 * classes) return false;
    } else if (seen !== k) return false;
  }
  return classOf.size >= 2 && rows.length >= 10 * classOf.size;
}

function linearInTarget(values: LeakColumn['values'], y: ArrayLike<number>, rows: ArrayLike<number>): boolean {
  const n = rows.length;
  if (n < 10) return false;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    const v = values[rows[i] as number];
    if (typeof v !== 'number') return false;
    mx += v;
    my += y[i] as number;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (values[rows[i] as number] as number) - mx;
    const dy = (y[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx > 0 && syy > 0 && Math.abs(sxy / Math.sqrt(sxx * syy)) >= 0.9999;
}
