/**
 * Per-layer measures on raw arrays (pure): norms, the update-to-weight ratio,
 * dead and saturated units. Activations are row-major with the units (dense)
 * or channels (conv) on the last axis, so unit u is every value at index ≡ u
 * modulo `units`.
 */

/** A value of a sigmoid within this of 0 or 1 (tanh: of ±1, scaled ×2) is saturated: σ' < 0.01, 4% of its peak 0.25. */
export const SATURATION_MARGIN = 0.01;
/**
 * A unit is saturated when at least this share of its probe values is:
 * almost all of its inputs then pass back less than 4% of the gradient.
 */
export const SATURATED_SHARE = 0.95;

export function l2Norm(arrays: readonly ArrayLike<number>[]): number {
  let s = 0;
  for (const a of arrays) for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

/** ‖now − before‖ / ‖before‖ over all arrays; null without a previous snapshot or when it was all zeros. */
export function updateRatio(before: readonly ArrayLike<number>[] | null, now: readonly ArrayLike<number>[]): number | null {
  if (!before || before.length !== now.length) return null;
  let diff = 0;
  let base = 0;
  now.forEach((a, k) => {
    const b = before[k];
    for (let i = 0; i < a.length; i++) {
      diff += (a[i] - b[i]) ** 2;
      base += b[i] * b[i];
    }
  });
  return base > 0 ? Math.sqrt(diff / base) : null;
}

/** Share of units whose every value is ≤ 0: a ReLU unit like that passes no gradient and never learns again. */
export function deadFraction(activations: ArrayLike<number>, units: number): number {
  const alive = new Uint8Array(units);
  for (let i = 0; i < activations.length; i++) if (activations[i] > 0) alive[i % units] = 1;
  let dead = 0;
  for (let u = 0; u < units; u++) if (!alive[u]) dead++;
  return units ? dead / units : 0;
}

/** Share of units saturated on at least SATURATED_SHARE of their values, for 'sigmoid' or 'tanh' outputs. */
export function saturatedFraction(activations: ArrayLike<number>, units: number, kind: 'sigmoid' | 'tanh'): number {
  const hits = new Float64Array(units);
  const totals = new Float64Array(units);
  const limit = kind === 'sigmoid' ? 1 - SATURATION_MARGIN : 1 - 2 * SATURATION_MARGIN;
  for (let i = 0; i < activations.length; i++) {
    const v = activations[i];
    const u = i % units;
    totals[u]++;
    const saturated = kind === 'sigmoid' ? v < SATURATION_MARGIN || v > limit : Math.abs(v) > limit;
    if (saturated) hits[u]++;
  }
  let n = 0;
  for (let u = 0; u < units; u++) if (totals[u] > 0 && hits[u] / totals[u] >= SATURATED_SHARE) n++;
  return units ? n / units : 0;
}
