/**
 * Ridge regression, the stacking meta-learner for regression, in closed form:
 *
 *   minimise ‖y − X·w − b‖² + α‖w‖²   (b not penalised, as scikit-learn's Ridge)
 *   w = (X_cᵀX_c + αI)⁻¹ X_cᵀ y_c,  b = ȳ − x̄·w   (X_c, y_c: centred)
 *
 * solved with a Cholesky factorisation in float64: exact up to rounding and
 * deterministic.
 */
import { ApiError } from '../../api/errors.ts';
import { cholesky, cholSolve } from '../../util/linalg.ts';
import type { DenseParams, MetaData, MetaLearner, MetaModel } from './meta.ts';

export type RidgeOptions = { alpha?: number };

export function fitRidge(data: MetaData, options: RidgeOptions = {}): DenseParams {
  const { features, rows, cols, targets } = data;
  const alpha = options.alpha ?? 1;
  if (!(alpha >= 0 && Number.isFinite(alpha))) throw new ApiError('invalid_argument', `ridge alpha must be ≥ 0, got ${alpha}`);
  if (features.length !== rows * cols || targets.length !== rows || rows < 1) {
    throw new ApiError('invalid_argument', `meta-features hold ${features.length} values for ${rows} rows × ${cols} columns and ${targets.length} targets`);
  }
  const xMean = new Float64Array(cols);
  let yMean = 0;
  for (let r = 0; r < rows; r++) {
    yMean += targets[r];
    for (let j = 0; j < cols; j++) xMean[j] += features[r * cols + j];
  }
  yMean /= rows;
  for (let j = 0; j < cols; j++) xMean[j] /= rows;

  // A = X_cᵀX_c + αI (symmetric: fill the lower triangle), v = X_cᵀ y_c.
  const a = new Float64Array(cols * cols);
  const v = new Float64Array(cols);
  const xc = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++) xc[j] = features[r * cols + j] - xMean[j];
    const yc = targets[r] - yMean;
    for (let i = 0; i < cols; i++) {
      v[i] += xc[i] * yc;
      for (let j = 0; j <= i; j++) a[i * cols + j] += xc[i] * xc[j];
    }
  }
  for (let i = 0; i < cols; i++) a[i * cols + i] += alpha;
  const w = solveSpd(a, v, cols);
  let b = yMean;
  for (let j = 0; j < cols; j++) b -= xMean[j] * w[j];
  return { inputs: cols, units: 1, kernel: Float32Array.from(w), bias: Float32Array.of(b), activation: 'linear' };
}

/**
 * Solves A·x = v for symmetric positive-definite A (lower triangle used) with
 * the GP's Cholesky. A pivot that rounding alone could produce (below 1e-12 of
 * its diagonal entry) means a singular system: refused rather than solved into
 * huge weights.
 */
function solveSpd(a: Float64Array, v: Float64Array, n: number): Float64Array {
  const l = cholesky(a, n);
  const singular = l === null || Array.from({ length: n }, (_, i) => l[i * n + i] ** 2 > 1e-12 * a[i * n + i]).includes(false);
  if (l === null || singular) throw new ApiError('invalid_argument', 'the meta-features are collinear (a column adds nothing the others do not); use a ridge alpha > 0');
  return cholSolve(l, n, v);
}

export function ridgeMetaLearner(options: RidgeOptions = {}): MetaLearner {
  return {
    kind: 'linear',
    fit: async (data: MetaData): Promise<MetaModel> => {
      if (data.task !== 'regression') throw new ApiError('invalid_argument', 'the linear meta-learner is for regression; use logistic for classification');
      return { kind: 'linear', layers: [fitRidge(data, options)] };
    },
  };
}
