/**
 * L2-regularised multinomial logistic regression, the stacking meta-learner
 * for classification:
 *
 *   p_i = softmax(x_i·W + b)
 *   J   = (1/n) Σ_i −log p_i[y_i] + (l2/2)·‖W‖²     (the intercept b is not penalised)
 *   ∇_W = (1/n) Σ_i x_iᵀ (p_i − e_{y_i}) + l2·W,  ∇_b = (1/n) Σ_i (p_i − e_{y_i})
 *
 * J is convex (strictly in W when l2 > 0); L-BFGS from zero finds its minimum
 * deterministically. scikit-learn's LogisticRegression(C) minimises
 * Σ loss + ‖W‖²/(2C), i.e. l2 = 1/(C·n) here.
 */
import { ApiError } from '../../api/errors.ts';
import { minimize } from './lbfgs.ts';
import { checkMetaData, softmaxInPlace, type DenseParams, type MetaData, type MetaLearner, type MetaModel } from './meta.ts';

export type LogisticOptions = { l2?: number; maxIterations?: number; gradientTolerance?: number };
export type LogisticFit = { layer: DenseParams; loss: number; iterations: number; converged: boolean };

export function fitLogistic(data: MetaData, options: LogisticOptions = {}): LogisticFit {
  const { features, rows, cols, targets, outputs: K } = data;
  const l2 = options.l2 ?? 1e-3;
  if (!(l2 >= 0 && Number.isFinite(l2))) throw new ApiError('invalid_argument', `l2 must be ≥ 0, got ${l2}`);
  if (!Number.isInteger(K) || K < 2) throw new ApiError('invalid_argument', `logistic regression needs at least 2 classes, got ${K}`);
  checkMetaData({ ...data, task: 'classification' });
  for (let i = 0; i < rows; i++) {
    const t = targets[i];
    if (!Number.isInteger(t) || t < 0 || t >= K) throw new ApiError('invalid_argument', `row ${i} has class ${t}, outside 0..${K - 1}`);
  }
  const nw = cols * K;
  const p = new Float64Array(K);
  const objective = (theta: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    let loss = 0;
    for (let r = 0; r < rows; r++) {
      for (let k = 0; k < K; k++) p[k] = theta[nw + k];
      const xo = r * cols;
      for (let j = 0; j < cols; j++) {
        const v = features[xo + j];
        if (v === 0) continue;
        for (let k = 0; k < K; k++) p[k] += v * theta[j * K + k];
      }
      softmaxInPlace(p, 0, K);
      const y = targets[r];
      loss -= Math.log(Math.max(p[y], 1e-300));
      p[y] -= 1; // now p − e_y
      for (let j = 0; j < cols; j++) {
        const v = features[xo + j];
        if (v === 0) continue;
        for (let k = 0; k < K; k++) grad[j * K + k] += v * p[k];
      }
      for (let k = 0; k < K; k++) grad[nw + k] += p[k];
    }
    let penalty = 0;
    for (let i = 0; i < grad.length; i++) grad[i] /= rows;
    for (let i = 0; i < nw; i++) {
      penalty += theta[i] * theta[i];
      grad[i] += l2 * theta[i];
    }
    return loss / rows + (l2 / 2) * penalty;
  };
  const fit = minimize(objective, new Float64Array(nw + K), {
    maxIterations: options.maxIterations ?? 2000,
    gradientTolerance: options.gradientTolerance ?? 1e-8,
  });
  return {
    layer: { inputs: cols, units: K, kernel: Float32Array.from(fit.x.subarray(0, nw)), bias: Float32Array.from(fit.x.subarray(nw)), activation: 'softmax' },
    loss: fit.value,
    iterations: fit.iterations,
    converged: fit.converged,
  };
}

export function logisticMetaLearner(options: LogisticOptions = {}): MetaLearner {
  return {
    kind: 'logistic',
    fit: async (data: MetaData): Promise<MetaModel> => {
      if (data.task !== 'classification') throw new ApiError('invalid_argument', 'the logistic meta-learner is for classification; use linear for regression');
      return { kind: 'logistic', layers: [fitLogistic(data, options).layer] };
    },
  };
}
