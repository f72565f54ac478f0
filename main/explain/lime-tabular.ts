/**
 * LIME for tables (Ribeiro et al. 2016) on the surrogate machinery. Players
 * are columns, and one-hot blocks ('colour=red', 'colour=blue') are one
 * categorical player each, as in the other methods (feature-groups.ts).
 * Samples are drawn around the explained row:
 * - a numeric column in the standardised space (units of its standard
 *   deviation, so one kernel width fits all), as a Gaussian around the row;
 * - a one-hot block by drawing a category at its frequency in the training
 *   rows (categories.ts; lime's own categorical sampling), never as continuous
 *   columns, which would make rows no data has.
 * In the interpretable space a numeric player is its standardised value and a
 * categorical one is 1 when the drawn category is the row's, 0 otherwise. The
 * exponential kernel weighs samples by their distance there, and a sparse
 * weighted linear surrogate of K players is chosen by forward selection; its
 * weighted R² on the samples is the local fidelity, reported per row.
 *
 * Attributions are measured from the data's average: a numeric player's is
 * coefficient × standardised value (relative to the mean row), a categorical
 * one's coefficient × (1 − p), p the frequency of the row's category (relative
 * to a category drawn at random). base + Σ attributions is the surrogate's
 * value at the row, comparable with the SHAP methods' output.
 */
import { ApiError } from '../api/errors.ts';
import type { PreprocessRecipe } from '../api/schemas.ts';
import { categoryOf, categoryTable, drawCategory, type CategoryTable } from './categories.ts';
import { checkGroups, singletonGroups, type FeatureGroups } from './feature-groups.ts';
import { exponentialKernel } from './kernels.ts';
import { MAX_SAMPLES } from '../limits.ts';
import { forwardSelect, weightedGram } from './linear-fit.ts';
import type { Masker } from './maskers.ts';
import { createSurrogateExplainer, type InterpretableSamples, type SurrogateOptions } from './surrogate-explainer.ts';
import type { Explainer, ModelFn, Rows } from './types.ts';

export type LimeTabularSettings = {
  /** Per-feature centre and scale: a 'standardize' recipe fitted on the training rows (main/data/preprocess.ts). */
  scaling: Pick<PreprocessRecipe, 'center' | 'scale'>;
  featureNames?: string[];
  /** The players; a group of several columns is a one-hot block (a categorical player). Default: every column its own. */
  groups?: FeatureGroups;
  /** Rows in the model's input space (training rows) whose category frequencies the one-hot blocks are drawn from; needed with such blocks. */
  categoryRows?: Rows;
  /** Perturbed samples per row (LIME's default 5000). */
  samples?: number;
  /** Kernel width in interpretable units; LIME's default 0.75·√players. */
  kernelWidth?: number;
  /** Players in the surrogate (K); default min(players, 10), LIME's default. */
  maxFeatures?: number;
  /** Standard deviation of the numeric perturbations in standardised units. */
  spread?: number;
};

/**
 * z: what was drawn (a numeric player's standardised value, a categorical
 * player's category index; −1 = the row's own, unseen in the training rows);
 * design: the interpretable values the kernel and the surrogate see.
 */
type LimeSamples = InterpretableSamples & { design: Float64Array; rowDesign: Float64Array; rowCategoryShare: Float64Array };

export function createLimeTabular(model: ModelFn, settings: LimeTabularSettings): Explainer<SurrogateOptions> {
  const F = model.features;
  const { center, scale } = settings.scaling;
  if (center.length !== F || scale.length !== F) throw new ApiError('invalid_argument', `scaling has ${center.length} centres and ${scale.length} scales for ${F} features`);
  if (scale.some((s) => !(s > 0))) throw new ApiError('invalid_argument', 'every scale must be positive');
  const groups = settings.groups ?? singletonGroups(F, settings.featureNames);
  checkGroups(groups, F);
  const P = groups.columns.length;
  const samples = settings.samples ?? 5000;
  const width = settings.kernelWidth ?? 0.75 * Math.sqrt(P);
  const K = settings.maxFeatures ?? Math.min(P, 10);
  const spread = settings.spread ?? 1;
  if (!Number.isInteger(samples) || samples < 2 || samples > MAX_SAMPLES) throw new ApiError('invalid_argument', `LIME samples must be 2..${MAX_SAMPLES}, got ${samples}`);
  if (!(width > 0)) throw new ApiError('invalid_argument', `kernel width must be positive, got ${width}`);
  if (!Number.isInteger(K) || K < 1 || K > P) throw new ApiError('invalid_argument', `LIME features K must be 1..${P}, got ${K}`);
  if (!(spread > 0)) throw new ApiError('invalid_argument', `perturbation spread must be positive, got ${spread}`);
  const tables: (CategoryTable | null)[] = groups.columns.map((cols) => {
    if (cols.length === 1) return null;
    if (!settings.categoryRows?.n) throw new ApiError('invalid_argument', 'LIME needs training rows to draw the categories of one-hot blocks from');
    return categoryTable(settings.categoryRows, F, cols);
  });

  const masker: Masker = {
    players: P,
    expansions: 1,
    weights: Float64Array.of(1),
    fill(row, z, _e, out, at) {
      for (let p = 0; p < P; p++) {
        const cols = groups.columns[p];
        const table = tables[p];
        if (!table) {
          const j = cols[0];
          out[at + j] = center[j] + scale[j] * z[p];
        } else if (z[p] < 0) for (const j of cols) out[at + j] = row[j];
        else for (let k = 0; k < cols.length; k++) out[at + cols[k]] = table.values[z[p] * cols.length + k];
      }
    },
  };
  const standardised = (row: Float32Array, p: number) => (row[groups.columns[p][0]] - center[groups.columns[p][0]]) / scale[groups.columns[p][0]];

  return createSurrogateExplainer<LimeSamples>(model, {
    method: 'lime',
    players: groups.names,
    masker,
    expansions: 1,
    maxSamples: samples,
    sample(row, rng) {
      const rowCategory = tables.map((t) => (t ? categoryOf(t, row) : 0));
      const rowDesign = Float64Array.from({ length: P }, (_, p) => (tables[p] ? 1 : standardised(row, p)));
      const rowCategoryShare = Float64Array.from(tables, (t, p) => (t && rowCategory[p] >= 0 ? t.probability[rowCategory[p]] : 0));
      const z = new Float64Array(samples * P);
      const design = new Float64Array(samples * P);
      for (let s = 0; s < samples; s++) {
        for (let p = 0; p < P; p++) {
          const table = tables[p];
          // The first sample is the row itself, as in LIME.
          if (!table) z[s * P + p] = rowDesign[p] + (s === 0 ? 0 : spread * rng.normal());
          else z[s * P + p] = s === 0 ? rowCategory[p] : drawCategory(table, rng.next());
          design[s * P + p] = table ? +(z[s * P + p] === rowCategory[p]) : z[s * P + p];
        }
      }
      return { z, count: samples, weights: new Float64Array(samples).fill(1), design, rowDesign, rowCategoryShare };
    },
    kernel(sampled) {
      return Float64Array.from({ length: sampled.count }, (_, s) => {
        let d2 = 0;
        for (let p = 0; p < P; p++) d2 += (sampled.design[s * P + p] - sampled.rowDesign[p]) ** 2;
        return exponentialKernel(Math.sqrt(d2), width);
      });
    },
    surrogate(input) {
      const fit = forwardSelect(weightedGram(input.design, input.values, input.weights, input.count, P, true), K);
      // A categorical player's contribution is measured from a category drawn at random (share p of them are the row's).
      let base = fit.intercept;
      const attributions = fit.coef.map((c, p) => {
        if (!tables[p]) return c * input.rowDesign[p];
        base += c * input.rowCategoryShare[p];
        return c * (1 - input.rowCategoryShare[p]);
      });
      return { base, attributions, fidelity: fit.r2 };
    },
    details: () => ({ samples, kernelWidth: width, maxFeatures: K, categorical: tables.filter(Boolean).length }),
  });
}
