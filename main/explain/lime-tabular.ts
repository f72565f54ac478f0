/**
 * LIME for tables (Ribeiro et al. 2016) on the surrogate machinery. Samples are
 * drawn around the explained row in the standardised space (each feature in
 * units of its standard deviation, so one kernel width fits all features), the
 * exponential kernel weighs them by distance, and a sparse weighted linear
 * surrogate of K features is chosen by forward selection. Its weighted R² on
 * the samples is the local fidelity, reported per row.
 *
 * Attributions are coefficient × standardised value, the contribution relative
 * to the data's mean row, so base (the intercept) + Σ attributions is the
 * surrogate's value at the row, comparable with the SHAP methods' output.
 */
import { ApiError } from '../api/errors.ts';
import type { PreprocessRecipe } from '../api/schemas.ts';
import { euclideanDistance, exponentialKernel } from './kernels.ts';
import { MAX_SAMPLES } from '../limits.ts';
import { forwardSelect, weightedGram } from './linear-fit.ts';
import type { Masker } from './maskers.ts';
import { createSurrogateExplainer, type SurrogateOptions } from './surrogate-explainer.ts';
import type { Explainer, ModelFn } from './types.ts';

export type LimeTabularSettings = {
  /** Per-feature centre and scale: a 'standardize' recipe fitted on the training rows (main/data/preprocess.ts). */
  scaling: Pick<PreprocessRecipe, 'center' | 'scale'>;
  featureNames?: string[];
  /** Perturbed samples per row (LIME's default 5000). */
  samples?: number;
  /** Kernel width in standardised units; LIME's default 0.75·√F. */
  kernelWidth?: number;
  /** Features in the surrogate (K); default min(F, 10), LIME's default. */
  maxFeatures?: number;
  /** Standard deviation of the perturbations in standardised units. */
  spread?: number;
};

export function createLimeTabular(model: ModelFn, settings: LimeTabularSettings): Explainer<SurrogateOptions> {
  const F = model.features;
  const { center, scale } = settings.scaling;
  if (center.length !== F || scale.length !== F) throw new ApiError('invalid_argument', `scaling has ${center.length} centres and ${scale.length} scales for ${F} features`);
  if (scale.some((s) => !(s > 0))) throw new ApiError('invalid_argument', 'every scale must be positive');
  const samples = settings.samples ?? 5000;
  const width = settings.kernelWidth ?? 0.75 * Math.sqrt(F);
  const K = settings.maxFeatures ?? Math.min(F, 10);
  const spread = settings.spread ?? 1;
  if (!Number.isInteger(samples) || samples < 2 || samples > MAX_SAMPLES) throw new ApiError('invalid_argument', `LIME samples must be 2..${MAX_SAMPLES}, got ${samples}`);
  if (!(width > 0)) throw new ApiError('invalid_argument', `kernel width must be positive, got ${width}`);
  if (!Number.isInteger(K) || K < 1 || K > F) throw new ApiError('invalid_argument', `LIME features K must be 1..${F}, got ${K}`);
  if (!(spread > 0)) throw new ApiError('invalid_argument', `perturbation spread must be positive, got ${spread}`);

  const standardise = (row: Float32Array): Float64Array => Float64Array.from(row, (v, j) => (v - center[j]) / scale[j]);
  // The interpretable sample is the standardised row; the model sees it mapped back.
  const masker: Masker = {
    players: F,
    expansions: 1,
    weights: Float64Array.of(1),
    fill(_row, z, _e, out, at) {
      for (let j = 0; j < F; j++) out[at + j] = center[j] + scale[j] * z[j];
    },
  };
  return createSurrogateExplainer(model, {
    method: 'lime',
    players: Array.from({ length: F }, (_, j) => settings.featureNames?.[j] ?? `x${j}`),
    masker,
    expansions: 1,
    maxSamples: samples,
    sample(row, rng) {
      const x = standardise(row);
      const z = new Float64Array(samples * F);
      z.set(x); // the first sample is the row itself, as in LIME
      for (let s = 1; s < samples; s++) for (let j = 0; j < F; j++) z[s * F + j] = x[j] + spread * rng.normal();
      return { z, count: samples, weights: new Float64Array(samples).fill(1) };
    },
    kernel(sampled, row) {
      const x = standardise(row);
      return Float64Array.from({ length: sampled.count }, (_, s) =>
        exponentialKernel(euclideanDistance(sampled.z.subarray(s * F, (s + 1) * F), x), width),
      );
    },
    surrogate(input) {
      const fit = forwardSelect(weightedGram(input.z, input.values, input.weights, input.count, F, true), K);
      const x = standardise(input.row);
      return { base: fit.intercept, attributions: fit.coef.map((c, j) => c * x[j]), fidelity: fit.r2 };
    },
    details: () => ({ samples, kernelWidth: width, maxFeatures: K }),
  });
}
