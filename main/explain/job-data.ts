/**
 * The rows an explanation job works on, built from a run's files (pure, given
 * the dataset's arrays): the explained rows of the split in the model's input
 * space (the run's preprocessing recipe applied), their labels and raw values,
 * and the background: k-means centres of preprocessed training rows, so
 * absent features take values the model saw in training.
 */
import type { PreprocessRecipe } from '../api/schemas.ts';
import { applyInputs } from '../data/prepare.ts';
import type { DatasetTensors } from '../data/types.ts';
import { boundedSample, gatherRows, gatherValues } from '../train/batches.ts';
import type { StoredSplit } from '../train/artifacts.ts';
import { createRng, deriveSeed } from '../util/rng.ts';
import type { FeatureGroups } from './feature-groups.ts';
import { summariseBackground, type Background } from './kmeans.ts';
import type { ExplainSettings } from './request.ts';
import type { Rows } from './types.ts';

/**
 * Training rows k-means summarises at most: its cost is rows × centres × values
 * per row per iteration, and a few thousand rows already place 20 centres well.
 */
export const BACKGROUND_SOURCE_ROWS = 2000;
export const IMAGE_BACKGROUND_SOURCE_ROWS = 500;

export type ExplainData = {
  /** The explained rows as the model sees them. */
  rows: Rows;
  /** Their dataset row indices, raw values and labels (class index or target in its units). */
  dataRows: Int32Array;
  raw: Float32Array;
  labels: Float32Array;
};

/** The rows first .. first + count − 1 of the chosen split. */
export function explainedRows(settings: ExplainSettings, split: StoredSplit, data: DatasetTensors, inputShape: number[], recipe: PreprocessRecipe | null): ExplainData {
  const F = inputShape.reduce((a, b) => a * b, 1);
  const dataRows = Int32Array.from(split[settings.split].slice(settings.first, settings.first + settings.count));
  // Text runs: the model's inputs are token ids, and the ids are also what a row's values are.
  const x = applyInputs(recipe, data, inputShape, dataRows);
  const raw = recipe?.text ? x : gatherRows(data.x, F, dataRows, 0, dataRows.length);
  return { rows: { x, n: dataRows.length }, dataRows, raw, labels: gatherValues(data.y, dataRows, 0, dataRows.length) };
}

/** A seeded sample of training rows in the model's input space (at most `limit`). */
export function trainingSample(split: StoredSplit, data: DatasetTensors, inputShape: number[], recipe: PreprocessRecipe | null, limit: number, seed: number): Rows {
  const F = inputShape.reduce((a, b) => a * b, 1);
  const rows = boundedSample(Int32Array.from(split.train), limit, (a) => createRng(deriveSeed(seed, 'explain-background')).shuffle(a));
  return { x: applyInputs(recipe, data, inputShape, rows), n: rows.length };
}

/** `k` weighted k-means centres of a sample of the training rows. */
export function backgroundOf(sample: Rows, F: number, k: number, seed: number): Background {
  return summariseBackground(sample, F, Math.min(k, sample.n), seed);
}

/**
 * Each row's value of each player, for beeswarm and dependence plots: the raw
 * value of a single column; for a one-hot block, the position of its hot column
 * (the category), so a group plots as its categories.
 */
export function playerValues(raw: Float32Array, n: number, F: number, groups: FeatureGroups): number[][] {
  return Array.from({ length: n }, (_, i) =>
    groups.columns.map((cols) => {
      if (cols.length === 1) return raw[i * F + cols[0]];
      let best = 0;
      for (let k = 1; k < cols.length; k++) if (raw[i * F + cols[k]] > raw[i * F + cols[best]]) best = k;
      return best;
    }),
  );
}
