/**
 * Permutation importance (Breiman 2001; scikit-learn's permutation_importance):
 * how much a score worsens when one feature's values are shuffled across the
 * rows, breaking its link to the label. Each feature group (a one-hot block is
 * one group, shuffled as a block so rows stay valid) is shuffled `repeats`
 * times with seeded permutations; importance is the mean worsening ± its
 * standard deviation (population std, as scikit-learn). All shuffled copies
 * are evaluated in large batches.
 */
import { ApiError } from '../api/errors.ts';
import { createRng, deriveSeed } from '../util/rng.ts';
import { predictAll, predictGenerated, startProgress } from './batching.ts';
import { checkGroups, singletonGroups, type FeatureGroups } from './feature-groups.ts';
import type { Metric } from './metrics.ts';
import type { ModelFn, Rows, RunControl } from './types.ts';

export type LabelledRows = Rows & { y: Float32Array };

export type PermutationOptions = RunControl & { metric: Metric; groups?: FeatureGroups; repeats?: number; seed?: number };

export type FeatureImportance = { feature: string; mean: number; std: number; scores: number[] };

export type PermutationImportance = {
  method: 'permutation';
  metric: string;
  /** The score on the unshuffled rows. */
  baseline: number;
  /** One per group, in group order; positive = shuffling it hurts the score. */
  importances: FeatureImportance[];
  repeats: number;
  seed: number;
};

/** Most repeats per group: the std of the mean falls as 1/√repeats, so beyond this the cost buys little. */
export const MAX_REPEATS = 100;

/** A global explainer: one importance per feature for a labelled set of rows. */
export interface GlobalExplainer {
  readonly method: string;
  importance(data: LabelledRows, options: PermutationOptions): Promise<PermutationImportance>;
}

export function createPermutationImportance(model: ModelFn): GlobalExplainer {
  const F = model.features;
  return {
    method: 'permutation',
    async importance(data, options) {
      const { metric } = options;
      const repeats = options.repeats ?? 5;
      const seed = options.seed ?? 0;
      const groups = options.groups ?? singletonGroups(F);
      const { n } = data;
      if (!Number.isInteger(repeats) || repeats < 1 || repeats > MAX_REPEATS) throw new ApiError('invalid_argument', `repeats must be 1..${MAX_REPEATS}, got ${repeats}`);
      if (n < 2 || data.x.length !== n * F || data.y.length !== n) throw new ApiError('invalid_argument', `need at least 2 labelled rows of ${F} values`);
      checkGroups(groups, F);
      const G = groups.columns.length;
      const progress = startProgress(n * (1 + G * repeats), options);
      const baseline = metric.score(data.y, await predictAll(model, data.x, n, progress), model.outputs);
      const scores = Array.from({ length: G }, () => new Array<number>(repeats));
      // Blocks of n rows, one per (group, repeat), generated and scored in order.
      const block = new Float32Array(n * model.outputs);
      let perm: Int32Array = new Int32Array(n);
      await predictGenerated(
        model,
        G * repeats * n,
        (buffer, start, count) => {
          for (let t = 0; t < count; t++) {
            const b = Math.floor((start + t) / n);
            const i = (start + t) % n;
            if (i === 0) perm = createRng(deriveSeed(seed, `perm:${b}`)).shuffle(Int32Array.from({ length: n }, (_, k) => k)) as Int32Array;
            buffer.set(data.x.subarray(i * F, (i + 1) * F), t * F);
            for (const j of groups.columns[Math.floor(b / repeats)]) buffer[t * F + j] = data.x[perm[i] * F + j];
          }
        },
        (outputs, start, count) => {
          for (let t = 0; t < count; t++) {
            const b = Math.floor((start + t) / n);
            const i = (start + t) % n;
            block.set(outputs.subarray(t * model.outputs, (t + 1) * model.outputs), i * model.outputs);
            if (i === n - 1) {
              const s = metric.score(data.y, block, model.outputs);
              scores[Math.floor(b / repeats)][b % repeats] = metric.higherIsBetter ? baseline - s : s - baseline;
            }
          }
        },
        progress,
      );
      const importances = scores.map((s, g) => {
        const mean = s.reduce((a, v) => a + v, 0) / repeats;
        const std = Math.sqrt(s.reduce((a, v) => a + (v - mean) ** 2, 0) / repeats);
        return { feature: groups.names[g], mean, std, scores: s };
      });
      return { method: 'permutation', metric: metric.name, baseline, importances, repeats, seed };
    },
  };
}
