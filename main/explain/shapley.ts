/**
 * Shapley values from the values of every coalition (pure maths):
 *   φ_i = Σ_{S ⊆ N∖{i}} |S|!·(M−|S|−1)!/M! · (v(S ∪ {i}) − v(S)).
 * Coalitions are indexed by their bitmask (player i present ⇔ bit i set).
 */

/** C(n, k) in floating point, exact for the sizes used here (n ≤ 60). */
export function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let r = 1;
  for (let i = 1; i <= Math.min(k, n - k); i++) r = (r * (n - i + 1)) / i;
  return Math.round(r);
}

/** |S|!(M−|S|−1)!/M! = 1 / (M · C(M−1, |S|)): the weight of a marginal contribution to a coalition of size s. */
export const shapleyWeight = (M: number, s: number): number => 1 / (M * binomial(M - 1, s));

const popcount = (v: number): number => {
  let c = 0;
  for (; v; v &= v - 1) c++;
  return c;
};

/** All 2^M coalitions as a row-major 0/1 matrix, row index = bitmask. */
export function allCoalitions(M: number): Uint8Array {
  const count = 2 ** M;
  const masks = new Uint8Array(count * M);
  for (let b = 0; b < count; b++) for (let i = 0; i < M; i++) masks[b * M + i] = (b >> i) & 1;
  return masks;
}

/** Exact Shapley values from v over all 2^M coalitions (values[bitmask]). */
export function shapleyFromValues(M: number, values: ArrayLike<number>): Float64Array {
  const count = 2 ** M;
  if (values.length !== count) throw new Error(`need ${count} coalition values for ${M} players, got ${values.length}`);
  const weights = Float64Array.from({ length: M }, (_, s) => shapleyWeight(M, s));
  const phi = new Float64Array(M);
  for (let b = 0; b < count; b++) {
    const w = weights[popcount(b)];
    for (let i = 0; i < M; i++) {
      const bit = 1 << i;
      if (!(b & bit)) phi[i] += w * (values[b | bit] - values[b]);
    }
  }
  return phi;
}
