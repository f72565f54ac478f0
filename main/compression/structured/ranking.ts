/**
 * Channel importance for structured pruning. Pure: plain numbers in, plain
 * numbers out, so the ranking rules are testable without tfjs.
 *
 * Kernels keep their output channel on the last axis (dense [in, out], conv2d
 * [kh, kw, in, out]), so the importance of output channel j is a norm over all
 * values whose flat index i satisfies i % outputs === j.
 */

export type Criterion = 'l1' | 'l2' | 'bn';

/** Weights of which value i belongs to unit owner(i) (a flat index into a row-major kernel). */
export type OwnedValues = { values: ArrayLike<number>; owner: (index: number) => number };

/**
 * L1 or L2 norm of each of `units` units' weights gathered from several kernels
 * (a transformer head owns columns of Q, K, V and rows of the output projection;
 * an lstm unit owns one column per gate, in every direction).
 */
export function unitNorms(parts: OwnedValues[], units: number, norm: 'l1' | 'l2'): number[] {
  const acc = new Array<number>(units).fill(0);
  for (const { values, owner } of parts) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      acc[owner(i)] += norm === 'l1' ? Math.abs(v) : v * v;
    }
  }
  return norm === 'l1' ? acc : acc.map(Math.sqrt);
}

/** L1 or L2 norm of each output channel's weights (bias excluded: it does not scale with the input). */
export function outputChannelNorms(values: ArrayLike<number>, outputs: number, norm: 'l1' | 'l2'): number[] {
  return unitNorms([{ values, owner: (i) => i % outputs }], outputs, norm);
}

/** Batch-norm scale importance: a channel whose |gamma| is small is nearly constant after the norm. */
export function absValues(values: ArrayLike<number>): number[] {
  return Array.from(values, (v) => Math.abs(v));
}

/**
 * Joint importance of channels shared by several layers (a residual group).
 * Each member is first scaled to mean 1 so that a layer with a large fan-in
 * (bigger norms) does not outvote the others; an all-zero member adds nothing.
 */
export function combineImportance(members: number[][]): number[] {
  if (members.length === 0) return [];
  const n = members[0].length;
  const out = new Array<number>(n).fill(0);
  for (const m of members) {
    if (m.length !== n) throw new Error(`combineImportance: member of length ${m.length}, expected ${n}`);
    const mean = m.reduce((a, b) => a + b, 0) / n;
    if (!(mean > 0)) continue;
    for (let i = 0; i < n; i++) out[i] += m[i] / mean;
  }
  return out;
}

/**
 * How many of `total` channels survive when `ratio` of them are removed: the
 * removed count is rounded down (a tiny epsilon absorbs 0.29 * 100 = 28.999...),
 * and at least one channel always stays so the layer still exists.
 */
export function keepCount(total: number, ratio: number): number {
  const remove = Math.floor(ratio * total + 1e-9);
  return Math.max(1, total - remove);
}

/**
 * Indices of the `keep` most important channels, ascending (so the kept
 * channels keep their order). Ties go to the lower index, which makes the
 * choice deterministic for equal norms (e.g. freshly zero-initialised biases).
 */
export function selectKept(importance: number[], keep: number): number[] {
  const order = importance.map((v, i) => i).sort((a, b) => importance[b] - importance[a] || a - b);
  return order.slice(0, Math.max(0, Math.min(keep, importance.length))).sort((a, b) => a - b);
}
