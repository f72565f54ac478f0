/**
 * Row gathering for mini-batches: datasets live as flat row-major Float32Arrays,
 * so a batch is a copy of the chosen rows into one contiguous array that becomes
 * a single tensor (one upload per batch, no per-row tensors).
 */

/** Values per sample: the product of the per-sample shape. */
export function rowSize(inputShape: number[]): number {
  return inputShape.reduce((a, b) => a * b, 1);
}

/** Copies rows[start..end) of a [N, size] array into a new [end-start, size] array. */
export function gatherRows(x: Float32Array | Float64Array, size: number, rows: ArrayLike<number>, start: number, end: number): Float32Array {
  const out = new Float32Array((end - start) * size);
  for (let i = start; i < end; i++) {
    const r = rows[i] as number;
    out.set(x.subarray(r * size, (r + 1) * size), (i - start) * size);
  }
  return out;
}

/** Copies y[rows[start..end)] (one value per sample). */
export function gatherValues(y: Float32Array, rows: ArrayLike<number>, start: number, end: number): Float32Array {
  const out = new Float32Array(end - start);
  for (let i = start; i < end; i++) out[i - start] = y[rows[i] as number] as number;
  return out;
}

/** A seeded sample of at most `limit` rows (all rows, in order, when there are few enough). */
export function boundedSample(rows: Int32Array, limit: number, shuffle: (a: Int32Array) => unknown): Int32Array {
  if (rows.length <= limit) return rows;
  const copy = Int32Array.from(rows);
  shuffle(copy);
  return copy.slice(0, limit).sort();
}
