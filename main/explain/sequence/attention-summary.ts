/**
 * Reading attention maps (pure, browser-safe; the renderer and the CLI share
 * it): the heads of a layer averaged into one map, and a map's strongest
 * query → key pairs.
 */

/** The element-wise mean of a layer's heads [query][key]; rows still sum to 1. */
export function meanOfHeads(heads: readonly (readonly (readonly number[])[])[]): number[][] {
  if (heads.length === 0) return [];
  return heads[0].map((q, i) => q.map((_, j) => heads.reduce((sum, h) => sum + h[i][j], 0) / heads.length));
}

export type AttentionPair = { query: number; key: number; weight: number };

/**
 * The `count` largest weights of a map, largest first (ties: earlier query,
 * then earlier key). `skipSelf` leaves out a token attending to itself, which
 * often dominates and says little.
 */
export function topPairs(map: readonly (readonly number[])[], count: number, { skipSelf = false } = {}): AttentionPair[] {
  const pairs: AttentionPair[] = [];
  map.forEach((row, query) => row.forEach((weight, key) => (skipSelf && query === key) || pairs.push({ query, key, weight })));
  return pairs.sort((a, b) => b.weight - a.weight || a.query - b.query || a.key - b.key).slice(0, count);
}
