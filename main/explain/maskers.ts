/**
 * Maskers turn a coalition (which players are present) into model inputs: the
 * shared step of exact Shapley, KernelSHAP and LIME for images. Present players
 * keep the explained row's values; absent ones take the background's or the
 * baseline's.
 */
import { ApiError } from '../api/errors.ts';
import { checkGroups, type FeatureGroups } from './feature-groups.ts';
import type { Background } from './kmeans.ts';

export type Masker = {
  /** Players M: groups of input columns switched together. */
  players: number;
  /** Model input rows per coalition; the coalition's value is their weighted mean output. */
  expansions: number;
  /** One per expansion, summing to 1. */
  weights: Float64Array;
  /**
   * Writes expansion e of sample `mask` for `row` into `out` at offset `at` (one
   * input row; offsets, not subarrays, because this runs for every model row a
   * method evaluates). For coalitions the sample is M zeros and ones; LIME for
   * tables maps continuous samples through the same interface.
   */
  fill(row: Float32Array, mask: ArrayLike<number>, e: number, out: Float32Array, at: number): void;
};

/**
 * Interventional masking: an absent player takes its value from a background
 * row, E[f(x_S, X_S̄)] over the weighted background, which treats features as
 * independent (shap's Independent masker). One expansion per background row.
 */
export function backgroundMasker(background: Background, groups: FeatureGroups, features: number): Masker {
  checkGroups(groups, features);
  if (background.n < 1) throw new ApiError('invalid_argument', 'the background needs at least one row');
  if (background.x.length !== background.n * features) {
    throw new ApiError('invalid_argument', `background: ${background.n} rows of ${features} values need ${background.n * features} values, got ${background.x.length}`);
  }
  return {
    players: groups.columns.length,
    expansions: background.n,
    weights: background.weights,
    fill(row, mask, e, out, at) {
      out.set(background.x.subarray(e * features, (e + 1) * features), at);
      for (let g = 0; g < groups.columns.length; g++) if (mask[g]) for (const j of groups.columns[g]) out[at + j] = row[j];
    },
  };
}

/** Baseline masking: an absent player takes the baseline's values (an image segment set to black, to its mean...). */
export function baselineMasker(baseline: Float32Array, groups: FeatureGroups): Masker {
  checkGroups(groups, baseline.length);
  return {
    players: groups.columns.length,
    expansions: 1,
    weights: Float64Array.of(1),
    fill(row, mask, _e, out, at) {
      out.set(row, at);
      for (let g = 0; g < groups.columns.length; g++) if (!mask[g]) for (const j of groups.columns[g]) out[at + j] = baseline[j];
    },
  };
}
