/**
 * The one LIME-style machinery (Captum's LimeBase): for each explained row,
 *   1. a sampler draws interpretable samples z (coalitions, or perturbed
 *      standardised rows) with prior weights,
 *   2. a masker maps each z to model inputs, evaluated in a few large batches,
 *   3. a kernel weighs each sample by its similarity to the explained row,
 *   4. a weighted linear surrogate fitted on (z, f) gives the attributions.
 * KernelSHAP is this with the Shapley-kernel sampler and an additive,
 * constrained surrogate; LIME is it with uniform/Gaussian samples, an
 * exponential kernel and a sparse surrogate.
 */
import { createRng, deriveSeed, type Rng } from '../util/rng.ts';
import { startProgress, type Progress } from './batching.ts';
import { coalitionValues } from './coalition-values.ts';
import type { Masker } from './maskers.ts';
import { resolveTargets } from './target.ts';
import type { Explainer, LocalExplanation, ModelFn, RowAttribution, RunControl, Target } from './types.ts';

/**
 * count samples of P interpretable values, row-major, with their prior weights;
 * `masker` when the mapping to inputs depends on the row (an image's segments).
 */
export type InterpretableSamples = { z: Uint8Array | Float64Array; count: number; weights: Float64Array; masker?: Masker };

export type SurrogateInput<S extends InterpretableSamples> = S & {
  /** f_target at each sample (the masker's weighted mean over its expansions). */
  values: Float64Array;
  /** f_target of the explained row. */
  prediction: number;
  target: number;
  row: Float32Array;
};

export type SurrogateResult = { base: number; attributions: Float64Array; fidelity?: number; segments?: Int32Array };

export type SurrogateRecipe<S extends InterpretableSamples = InterpretableSamples> = {
  method: string;
  players: string[];
  /** The masker of every row, unless sample() gives one per row. */
  masker?: Masker;
  /** Most model rows one sample can take (the masker's expansions), and most samples per row: for progress totals. */
  expansions: number;
  maxSamples: number;
  sample(row: Float32Array, rng: Rng): S;
  /** Similarity weight of each sample to the explained row, multiplied into the prior weights; null = all 1. */
  kernel: ((samples: S, row: Float32Array) => Float64Array) | null;
  surrogate(input: SurrogateInput<S>): SurrogateResult;
  /** Work done once per call before the rows (e.g. E[f(background)] per target). */
  prepare?(targets: Int32Array, progress: Progress): Promise<void>;
  /** Model rows prepare() evaluates, for progress totals. */
  prepareRows?: number;
  details?(): Record<string, number | string>;
};

export type SurrogateOptions = { seed?: number };

export function createSurrogateExplainer<S extends InterpretableSamples>(model: ModelFn, recipe: SurrogateRecipe<S>): Explainer<SurrogateOptions> {
  return {
    method: recipe.method,
    async attribute(rows, options: SurrogateOptions & RunControl & { target?: Target } = {}): Promise<LocalExplanation> {
      const seed = options.seed ?? 0;
      const total = rows.n * (1 + recipe.maxSamples * recipe.expansions) + (recipe.prepareRows ?? 0);
      const progress = startProgress(total, options);
      const { targets, predictions } = await resolveTargets(model, rows, options.target, progress);
      await recipe.prepare?.(targets, progress);
      const out: RowAttribution[] = [];
      const fidelity: number[] = [];
      for (let i = 0; i < rows.n; i++) {
        const row = rows.x.subarray(i * model.features, (i + 1) * model.features);
        // One stream per row: a row's explanation does not depend on which rows came with it.
        const samples = recipe.sample(row, createRng(deriveSeed(seed, `${recipe.method}:row:${i}`)));
        if (recipe.kernel) {
          const k = recipe.kernel(samples, row);
          for (let s = 0; s < samples.count; s++) samples.weights[s] *= k[s];
        }
        const masker = samples.masker ?? recipe.masker;
        if (!masker) throw new Error(`${recipe.method}: no masker for row ${i}`);
        const values = await coalitionValues(model, masker, row, targets[i], samples.z, samples.count, progress);
        const fit = recipe.surrogate({ ...samples, values, prediction: predictions[i], target: targets[i], row });
        const sum = fit.attributions.reduce((a, b) => a + b, 0);
        if (fit.fidelity !== undefined) fidelity.push(fit.fidelity);
        out.push({
          index: i,
          target: targets[i],
          prediction: predictions[i],
          base: fit.base,
          attributions: Array.from(fit.attributions),
          additivityGap: predictions[i] - fit.base - sum,
          ...(fit.segments ? { segments: Array.from(fit.segments) } : {}),
        });
      }
      const details: LocalExplanation['details'] = { seed, ...(recipe.details?.() ?? {}) };
      if (fidelity.length) details.fidelity = fidelity;
      return { method: recipe.method, players: recipe.players, rows: out, details };
    },
  };
}
