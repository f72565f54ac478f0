/**
 * Ridge regression, the stacking meta-learner for regression, in closed form:
 *
 *   minimise ‖y − X·w − b‖² + α‖w‖²   (b not penalised, as scikit-learn's Ridge)
 *   w = (X_cᵀX_c + αI)⁻¹ X_cᵀ y_c,  b = ȳ − x̄·w   (X_c, y_c: centred)
 *
 * solved with a Cholesky factorisation in float64: exact up to rounding and
 * deterministic. Several targets per row (a forecast's steps) share the one
 * factorisation, one solve each, as scikit-learn's Ridge with a 2-D y.
 */
import { ApiError } from '../../api/errors.ts';
import { cholesky, cholSolve } from '../../util/linalg.ts';
import { checkMetaData, targetWidth, type DenseParams, type MetaData, type MetaLearner, type MetaModel } from './meta.ts';

export type RidgeOptions = { alpha?: number };

export function fitRidge(data: MetaData, options: RidgeOptions = {}): DenseParams {
  const { features, rows, cols, targets } = data;
  const alpha = options.alpha ?? 1;
  if (!(alpha >= 0 && Number.isFinite(alpha))) throw new ApiError('invalid_argument', `ridge alpha must be ≥ 0, got ${alpha}`);
  checkMetaData(data);
  const units = targetWidth(data);
  const xMean = new Float64Array(cols);
  const yMean = new Float64Array(units);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < units; k++) yMean[k] += targets[r * units + k];
    for (let j = 0; j < cols; j++) xMean[j] += features[r * cols + j];
  }
  for (let k = 0; k < units; k++) yMean[k] /= rows;
  for (let j = 0; j < cols; j++) xMean[j] /= rows;

  // A = X_cᵀX_c + αI (symmetric: fill the lower triangle), v_k = X_cᵀ y_c,k.
  const a = new Float64Array(cols * cols);
  const v = Array.from({ length: units }, () => new Float64Array(cols));
  const xc = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++) xc[j] = features[r * cols + j] - xMean[j];
    for (let k = 0; k < units; k++) {
      const yc = targets[r * units + k] - yMean[k];
      for (let i = 0; i < cols; i++) v[k][i] += xc[i] * yc;
    }
    for (let i = 0; i < cols; i++) for (let j = 0; j <= i; j++) a[i * cols + j] += xc[i] * xc[j];
  }
  for (let i = 0; i < cols; i++) a[i * cols + i] += alpha;
  const l = factor(a, cols);
  const kernel = new Float32Array(cols * units);
  const bias = new Float32Array(units);
  for (let k = 0; k < units; k++) {
    const w = cholSolve(l, cols, v[k]);
    let b = yMean[k];
    for (let j = 0; j < cols; j++) {
      b -= xMean[j] * w[j];
      kernel[j * units + k] = w[j];
    }
    bias[k] = b;
  }
  return { inputs: cols, units, kernel, bias, activation: 'linear' };
}

/**
 * The Cholesky factor of symmetric positive-definite A (lower triangle used),
 * with the GP's Cholesky. A pivot that rounding alone could produce (below
 * 1e-12 of its diagonal entry) means a singular system: refused rather than
 * solved into huge weights.
 */
function factor(a: Float64Array, n: number): Float64Array {
  const l = cholesky(a, n);
  const singular = l === null || Array.from({ length: n }, (_, i) => l[i * n + i] ** 2 > 1e-12 * a[i * n + i]).includes(false);
  if (l === null || singular) throw new ApiError('invalid_argument', 'the meta-features are collinear (a column adds nothing the others do not); use a ridge alpha > 0');
  return l;
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
