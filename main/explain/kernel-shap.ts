/**
 * KernelSHAP (Lundberg & Lee 2017) as a case of the surrogate machinery:
 * Shapley-kernel coalitions (enumerated layers + paired draws), interventional
 * masking over a weighted background (summarise it with summariseBackground
 * first: cost is linear in its size), and a linear surrogate constrained to be
 * additive, φ0 + Σφ = f(x) with φ0 = E[f(background)]: the constraint is
 * enforced by eliminating one player, as shap does, so it holds exactly.
 */
import { ApiError } from '../api/errors.ts';
import { predictAll } from './batching.ts';
import { shapleyCoalitions } from './coalition-sampler.ts';
import { singletonGroups, type FeatureGroups } from './feature-groups.ts';
import type { Background } from './kmeans.ts';
import { MAX_SAMPLES } from '../limits.ts';
import { solveAll, weightedGram } from './linear-fit.ts';
import { backgroundMasker } from './maskers.ts';
import { createSurrogateExplainer, type InterpretableSamples, type SurrogateInput, type SurrogateOptions } from './surrogate-explainer.ts';
import type { Explainer, ModelFn } from './types.ts';

export type KernelShapSettings = {
  background: Background;
  groups?: FeatureGroups;
  /** Coalitions per row; default 2M + 2048 (shap's), capped at the 2^M − 2 that exist. */
  samples?: number;
};

export const defaultKernelShapSamples = (players: number): number => Math.min(2 * players + 2048, 2 ** players - 2);

export function createKernelShap(model: ModelFn, settings: KernelShapSettings): Explainer<SurrogateOptions> {
  const groups = settings.groups ?? singletonGroups(model.features);
  const masker = backgroundMasker(settings.background, groups, model.features);
  const M = masker.players;
  const budget = settings.samples ?? defaultKernelShapSamples(M);
  if (!Number.isInteger(budget) || budget < 1 || budget > MAX_SAMPLES) {
    throw new ApiError('invalid_argument', `KernelSHAP samples must be 1..${MAX_SAMPLES}, got ${budget}`);
  }
  // E[f_t(background)] for every output t, filled by prepare().
  let baseByOutput = new Float64Array(model.outputs);
  let used = 0;
  return createSurrogateExplainer(model, {
    method: 'kernel-shap',
    players: groups.names,
    masker,
    expansions: masker.expansions,
    maxSamples: Math.min(budget, 2 ** M - 2),
    prepareRows: settings.background.n,
    async prepare(_targets, progress) {
      const out = await predictAll(model, settings.background.x, settings.background.n, progress);
      baseByOutput = new Float64Array(model.outputs);
      for (let k = 0; k < settings.background.n; k++) {
        for (let t = 0; t < model.outputs; t++) baseByOutput[t] += settings.background.weights[k] * out[k * model.outputs + t];
      }
    },
    sample(_row, rng) {
      const c = shapleyCoalitions(M, budget, rng);
      used = c.count;
      return c;
    },
    kernel: null,
    surrogate: (input) => additiveFit(input, M, baseByOutput[input.target]),
    details: () => ({ coalitions: used, background: settings.background.n }),
  });
}

/**
 * Weighted least squares of v(z) − φ0 on z under Σφ = f(x) − φ0: the last
 * player is eliminated, φ_last = Δ − Σ_{j<last} φ_j, so the regression is
 * (v − φ0 − z_last·Δ) on (z_j − z_last), without intercept.
 */
export function additiveFit(input: SurrogateInput<InterpretableSamples>, M: number, base: number): { base: number; attributions: Float64Array } {
  const delta = input.prediction - base;
  const phi = new Float64Array(M);
  if (M === 1 || input.count === 0) {
    phi[M - 1] = delta;
    return { base, attributions: phi };
  }
  const P = M - 1;
  const X = new Float64Array(input.count * P);
  const y = new Float64Array(input.count);
  for (let s = 0; s < input.count; s++) {
    const last = input.z[s * M + P];
    y[s] = input.values[s] - base - last * delta;
    for (let j = 0; j < P; j++) X[s * P + j] = input.z[s * M + j] - last;
  }
  const fit = solveAll(weightedGram(X, y, input.weights, input.count, P, false));
  let sum = 0;
  for (let j = 0; j < P; j++) {
    phi[j] = fit.coef[j];
    sum += phi[j];
  }
  phi[P] = delta - sum;
  return { base, attributions: phi };
}
