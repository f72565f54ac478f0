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
  const w = choleskySolve(a, v, cols);
  let b = yMean;
  for (let j = 0; j < cols; j++) b -= xMean[j] * w[j];
  return { inputs: cols, units: 1, kernel: Float32Array.from(w), bias: Float32Array.of(b), activation: 'linear' };
}

/** Solves A·x = v for symmetric positive-definite A (lower triangle used). */
function choleskySolve(a: Float64Array, v: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j];
      for (let k = 0; k < j; k++) sum -= l[i * n + k] * l[j * n + k];
      if (i === j) {
        // Relative to the diagonal: a pivot that rounding alone could produce means a singular system.
        if (!(sum > 0 && sum > 1e-12 * a[i * n + i])) {
          throw new ApiError('invalid_argument', `the meta-features are collinear (column ${i} adds nothing); use a ridge alpha > 0`);
        }
        l[i * n + i] = Math.sqrt(sum);
      } else {
        l[i * n + j] = sum / l[j * n + j];
      }
    }
  }
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = v[i];
    for (let k = 0; k < i; k++) sum -= l[i * n + k] * z[k];
    z[i] = sum / l[i * n + i];
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = z[i];
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i] * x[k];
    x[i] = sum / l[i * n + i];
  }
  return x;
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
