/**
 * Magnitude masks (pure maths on Float32Arrays, no tfjs): a mask keeps a weight
 * (1) or removes it (0); the smallest |w| go first.
 *
 * Exact counts: a sparsity s over n weights removes exactly round(s * n)
 * weights, breaking ties in |w| (e.g. weights already at zero) by position, so
 * the reported sparsity equals the asked one and repeated pruning is stable.
 */

/** Number of weights to remove for a sparsity over n weights. */
export function pruneCount(sparsity: number, n: number): number {
  if (!(sparsity >= 0 && sparsity < 1)) throw new RangeError(`sparsity must be in [0, 1), got ${sparsity}`);
  return Math.min(n, Math.round(sparsity * n));
}

/**
 * The k-th smallest magnitude (1-based k) over one or more arrays, and how many
 * of the removed weights sit exactly at it (ties are removed in position order).
 */
export function magnitudeThreshold(arrays: Float32Array[], k: number): { threshold: number; atThreshold: number } {
  const n = arrays.reduce((a, w) => a + w.length, 0);
  if (k <= 0 || n === 0) return { threshold: -Infinity, atThreshold: 0 };
  const all = new Float32Array(n);
  let offset = 0;
  for (const w of arrays) {
    for (let i = 0; i < w.length; i++) all[offset + i] = Math.abs(w[i] as number);
    offset += w.length;
  }
  all.sort();
  const threshold = all[Math.min(k, n) - 1] as number;
  // Of the k removed, those equal to the threshold: k minus the count strictly below it.
  let below = 0;
  while (below < n && (all[below] as number) < threshold) below++;
  return { threshold, atThreshold: Math.min(k, n) - below };
}

/**
 * Masks for `weights` so that, over all of them together, `k` weights are removed:
 * every |w| < threshold, then ties at the threshold in array/position order.
 */
function masksFor(weights: Float32Array[], k: number): Float32Array[] {
  const { threshold, atThreshold } = magnitudeThreshold(weights, k);
  let ties = atThreshold;
  return weights.map((w) => {
    const mask = new Float32Array(w.length);
    for (let i = 0; i < w.length; i++) {
      const a = Math.abs(w[i] as number);
      if (a < threshold) continue;
      if (a === threshold && ties > 0) {
        ties--;
        continue;
      }
      mask[i] = 1;
    }
    return mask;
  });
}

/** Each array pruned to `sparsity` on its own (per-layer thresholds). */
export function layerMasks(weights: Float32Array[], sparsity: number): Float32Array[] {
  return weights.map((w) => masksFor([w], pruneCount(sparsity, w.length))[0] as Float32Array);
}

/**
 * One threshold over all arrays (global scope): layers with many small weights
 * lose more, and the total sparsity equals the target. No layer is emptied
 * completely: a kernel that would lose every weight keeps its largest one, so the
 * network never disconnects (the total then lands one weight per such layer short).
 */
export function globalMasks(weights: Float32Array[], sparsity: number): Float32Array[] {
  const n = weights.reduce((a, w) => a + w.length, 0);
  const masks = masksFor(weights, pruneCount(sparsity, n));
  masks.forEach((mask, l) => {
    if (mask.length === 0 || mask.some((v) => v === 1)) return;
    const w = weights[l] as Float32Array;
    let best = 0;
    for (let i = 1; i < w.length; i++) if (Math.abs(w[i] as number) > Math.abs(w[best] as number)) best = i;
    mask[best] = 1;
  });
  return masks;
}

/** Zeros / total of a weight array (counts exact zeros, whatever made them). */
export function zeroCount(w: ArrayLike<number>): number {
  let zeros = 0;
  for (let i = 0; i < w.length; i++) if (w[i] === 0) zeros++;
  return zeros;
}
