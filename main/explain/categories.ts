/**
 * The categories of a one-hot block as the model sees them (pure): every
 * distinct tuple of the block's column values in a set of rows (after
 * preprocessing a one-hot column is two numbers, not 0 and 1), with its
 * frequency there. LIME for tables draws a block's category from these
 * frequencies instead of perturbing its columns as if they were continuous,
 * which would feed the model rows no data has (half of one category, a third
 * of another).
 */
import type { Rows } from './types.ts';

export type CategoryTable = {
  /** The block's input columns. */
  columns: readonly number[];
  /** T distinct tuples × columns.length values, in the order first seen. */
  values: Float32Array;
  /** Share of the rows holding each tuple. */
  probability: Float64Array;
};

const keyOf = (x: ArrayLike<number>, at: number, columns: readonly number[]) => columns.map((j) => x[at + j]).join(',');

export function categoryTable(rows: Rows, features: number, columns: readonly number[]): CategoryTable {
  const index = new Map<string, number>();
  const counts: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < rows.n; i++) {
    const key = keyOf(rows.x, i * features, columns);
    let t = index.get(key);
    if (t === undefined) {
      index.set(key, (t = counts.length));
      counts.push(0);
      for (const j of columns) values.push(rows.x[i * features + j]);
    }
    counts[t]++;
  }
  return { columns, values: Float32Array.from(values), probability: Float64Array.from(counts, (c) => c / Math.max(1, rows.n)) };
}

/** The tuple index of the row's block, or −1 when no row of the table holds it. */
export function categoryOf(table: CategoryTable, row: ArrayLike<number>): number {
  const K = table.columns.length;
  const T = table.probability.length;
  for (let t = 0; t < T; t++) {
    let same = true;
    for (let k = 0; k < K && same; k++) same = table.values[t * K + k] === row[table.columns[k]];
    if (same) return t;
  }
  return -1;
}

/** The tuple a uniform draw u ∈ [0, 1) lands on, by the tuples' frequencies. */
export function drawCategory(table: CategoryTable, u: number): number {
  let acc = 0;
  const last = table.probability.length - 1;
  for (let t = 0; t < last; t++) {
    acc += table.probability[t];
    if (u < acc) return t;
  }
  return last;
}
