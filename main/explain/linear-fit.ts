/**
 * Weighted linear least squares for the surrogate models (pure). Everything
 * goes through the weighted Gram matrix of the design, built once in O(S·P²):
 * a fit on any subset of columns is then a P×P solve, which makes forward
 * selection over many candidates cheap.
 */
import { cholesky, cholSolve } from '../util/linalg.ts';

export type Gram = {
  P: number;
  /** XᵀWX (P × P), of centred columns when fitted with an intercept. */
  xx: Float64Array;
  /** XᵀWy. */
  xy: Float64Array;
  /** yᵀWy (centred with an intercept): the total weighted sum of squares. */
  yy: number;
  /** Weighted column means and target mean (zeros without an intercept). */
  xMean: Float64Array;
  yMean: number;
};

export type LinearFit = { coef: Float64Array; intercept: number; r2: number; selected: number[] };

/** X is S × P row-major (any numeric array), y and w have S entries, w ≥ 0 and not all 0. */
export function weightedGram(X: ArrayLike<number>, y: ArrayLike<number>, w: ArrayLike<number>, S: number, P: number, intercept: boolean): Gram {
  const xMean = new Float64Array(P);
  let yMean = 0;
  if (intercept) {
    let wsum = 0;
    for (let s = 0; s < S; s++) {
      wsum += w[s];
      yMean += w[s] * y[s];
      for (let j = 0; j < P; j++) xMean[j] += w[s] * X[s * P + j];
    }
    yMean /= wsum;
    for (let j = 0; j < P; j++) xMean[j] /= wsum;
  }
  const xx = new Float64Array(P * P);
  const xy = new Float64Array(P);
  const row = new Float64Array(P);
  let yy = 0;
  for (let s = 0; s < S; s++) {
    const ws = w[s];
    if (ws === 0) continue;
    for (let j = 0; j < P; j++) row[j] = X[s * P + j] - xMean[j];
    const ys = y[s] - yMean;
    yy += ws * ys * ys;
    for (let i = 0; i < P; i++) {
      const wi = ws * row[i];
      if (wi === 0) continue;
      xy[i] += wi * ys;
      for (let j = 0; j <= i; j++) xx[i * P + j] += wi * row[j];
    }
  }
  for (let i = 0; i < P; i++) for (let j = 0; j < i; j++) xx[j * P + i] = xx[i * P + j];
  return { P, xx, xy, yy, xMean, yMean };
}

/**
 * Ridge solve on the columns `cols`: (XᵀWX + λ·I)β = XᵀWy. λ is relative to the
 * mean diagonal, so a tiny default only guards against exactly collinear columns
 * (e.g. a feature constant over the samples) without biasing the fit.
 */
export function solveColumns(g: Gram, cols: readonly number[], ridge = 1e-12): LinearFit {
  const k = cols.length;
  const coef = new Float64Array(g.P);
  if (k === 0) return { coef, intercept: g.yMean, r2: 0, selected: [] };
  const a = new Float64Array(k * k);
  const b = new Float64Array(k);
  let trace = 0;
  for (let i = 0; i < k; i++) {
    b[i] = g.xy[cols[i]];
    for (let j = 0; j < k; j++) a[i * k + j] = g.xx[cols[i] * g.P + cols[j]];
    trace += a[i * k + i];
  }
  let lambda = Math.max(ridge * (trace / k), 1e-300);
  let l = null;
  // A singular subset (a column of zeros) gets more ridge until it factors.
  for (let tries = 0; tries < 20 && !l; tries++, lambda *= 100) {
    const reg = a.slice();
    for (let i = 0; i < k; i++) reg[i * k + i] += lambda;
    l = cholesky(reg, k);
  }
  if (!l) throw new Error('linear surrogate: the design cannot be factored (non-finite model outputs?)');
  const beta = cholSolve(l, k, b);
  let explained = 0;
  for (let i = 0; i < k; i++) {
    coef[cols[i]] = beta[i];
    explained += beta[i] * b[i];
  }
  let intercept = g.yMean;
  for (let j = 0; j < g.P; j++) intercept -= coef[j] * g.xMean[j];
  // At the least-squares optimum the residual sum of squares is yᵀWy − βᵀXᵀWy.
  const r2 = g.yy > 0 ? explained / g.yy : 1;
  return { coef, intercept, r2, selected: [...cols] };
}

/** All columns. */
export const solveAll = (g: Gram, ridge?: number): LinearFit => solveColumns(g, Array.from({ length: g.P }, (_, j) => j), ridge);

/**
 * Greedy forward selection of up to K columns, each step adding the column that
 * raises the weighted R² most (LIME's 'forward_selection'), then the fit on them.
 */
export function forwardSelect(g: Gram, K: number, ridge?: number): LinearFit {
  const chosen: number[] = [];
  let best = solveColumns(g, chosen, ridge);
  while (chosen.length < Math.min(K, g.P)) {
    let next: LinearFit | null = null;
    for (let j = 0; j < g.P; j++) {
      if (chosen.includes(j)) continue;
      const fit = solveColumns(g, [...chosen, j], ridge);
      if (!next || fit.r2 > next.r2) next = fit;
    }
    if (!next) break;
    chosen.push(next.selected[next.selected.length - 1]);
    best = next;
  }
  return best;
}
