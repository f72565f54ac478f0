/**
 * GradientSHAP / expected gradients (Erion et al. 2021; Captum's GradientShap):
 * Integrated Gradients (path-gradients.ts) with the baseline drawn from the
 * background and the path position α drawn at random, optionally with Gaussian
 * noise on the input:
 *   φ = E_{b, α, ε} [ (x + ε − b) ⊙ ∇f(b + α(x + ε − b)) ].
 * In expectation (ε = 0) Σφ = f(x) − E[f(b)], the SHAP additivity; with S
 * samples it holds up to Monte Carlo error, reported per row. The draws are
 * stratified (drawPlan) to keep that error small.
 */
import { ApiError } from '../api/errors.ts';
import { createRng, deriveSeed, type Rng } from '../util/rng.ts';
import { predictAll, startProgress } from './batching.ts';
import { checkGroups, defaultGroups, type FeatureGroups } from './feature-groups.ts';
import type { Background } from './kmeans.ts';
import { MAX_GRADIENT_STEPS } from '../limits.ts';
import { integratePaths, pathRows } from './path-gradients.ts';
import { resolveTargets } from './target.ts';
import type { DifferentiableModel, Explainer, LocalExplanation } from './types.ts';

export type GradientShapSettings = {
  background: Background;
  /** Samples (baseline, α, noise) per row. */
  samples?: number;
  /** Standard deviation of the input noise (SmoothGrad-style); 0 = none, Captum's default. */
  noise?: number;
  groups?: FeatureGroups;
};

export type GradientShapOptions = { seed?: number };

/** The index whose slice of the weights' cumulative sum (weights sum to 1) holds u ∈ [0, 1). */
function inverseCdf(weights: Float64Array, u: number): number {
  for (let k = 0; k < weights.length - 1; k++) if ((u -= weights[k]) < 0) return k;
  return weights.length - 1;
}

/**
 * One row's S draws, stratified: baselines by systematic sampling (S evenly
 * spaced points of the weights' cumulative sum after one random offset, so
 * each background row gets its share of draws), and the α of a baseline's m
 * draws one in each of m equal slices of [0, 1] (a Riemann sum with random
 * nodes). Both stay unbiased and cut the Monte Carlo error against free draws.
 */
function drawPlan(weights: Float64Array, S: number, rng: Rng): { baselines: Int32Array; alphas: Float64Array } {
  const offset = rng.next();
  const baselines = Int32Array.from({ length: S }, (_, k) => inverseCdf(weights, (k + offset) / S));
  const alphas = new Float64Array(S);
  for (let start = 0; start < S; ) {
    let end = start;
    while (end < S && baselines[end] === baselines[start]) end++;
    for (let k = start; k < end; k++) alphas[k] = (k - start + rng.next()) / (end - start);
    start = end;
  }
  return { baselines, alphas };
}

export function createGradientShap(model: DifferentiableModel, settings: GradientShapSettings): Explainer<GradientShapOptions> {
  const F = model.features;
  const { background } = settings;
  const S = settings.samples ?? 50;
  const noise = settings.noise ?? 0;
  const groups = settings.groups ?? defaultGroups(model.inputShape, F);
  if (!Number.isInteger(S) || S < 1 || S > MAX_GRADIENT_STEPS) throw new ApiError('invalid_argument', `samples must be 1..${MAX_GRADIENT_STEPS}, got ${S}`);
  if (!(noise >= 0)) throw new ApiError('invalid_argument', `noise must be ≥ 0, got ${noise}`);
  if (background.n < 1 || background.x.length !== background.n * F) throw new ApiError('invalid_argument', `the background needs rows of ${F} values`);
  checkGroups(groups, F);
  return {
    method: 'gradient-shap',
    async attribute(rows, options = {}): Promise<LocalExplanation> {
      const seed = options.seed ?? 0;
      const progress = startProgress(rows.n * (1 + S) + background.n, options);
      const { targets, predictions } = await resolveTargets(model, rows, options.target, progress);
      const bgOut = await predictAll(model, background.x, background.n, progress);
      let rng: Rng = createRng(seed);
      let plan = drawPlan(background.weights, S, rng);
      const phi = await integratePaths(model, rows.n, S, targets, (i, k, start, end) => {
        if (k === 0) {
          rng = createRng(deriveSeed(seed, `gradient-shap:row:${i}`));
          plan = drawPlan(background.weights, S, rng);
        }
        const b = plan.baselines[k];
        start.set(background.x.subarray(b * F, (b + 1) * F));
        for (let j = 0; j < F; j++) end[j] = rows.x[i * F + j] + (noise > 0 ? noise * rng.normal() : 0);
        return { alpha: plan.alphas[k], weight: 1 / S };
      }, progress);
      const base = (i: number) => background.weights.reduce((s, w, k) => s + w * bgOut[k * model.outputs + targets[i]], 0);
      const { rows: out, completenessGap } = pathRows(phi, F, groups, targets, predictions, base);
      return { method: 'gradient-shap', players: groups.names, rows: out, details: { seed, samples: S, noise, background: background.n, additivityGap: completenessGap } };
    },
  };
}
