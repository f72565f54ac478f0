/**
 * Evenly spaced positions out of n, the rule metrics.get applies in SQL: row k
 * goes to bucket floor(k·(m−1)/(n−1)) and the first row of each bucket is kept,
 * which gives exactly m positions (n > m), first and last included. Used where
 * the rows are few enough to choose in JavaScript (diagnostics: ≤ 200 epochs).
 */
export function thinnedPositions(n: number, m: number): number[] {
  const keep = Math.max(2, Math.floor(m));
  if (n <= keep) return Array.from({ length: n }, (_, k) => k);
  const out: number[] = [];
  let last = -1;
  for (let k = 0; k < n; k++) {
    const bucket = Math.floor((k * (keep - 1)) / (n - 1));
    if (bucket !== last) out.push(k);
    last = bucket;
  }
  return out;
}
