/**
 * The run's files besides the model: the fitted preprocessing recipe (needed to
 * use the model on new data) and the split (so evaluation can be reproduced and
 * audited). Both are written atomically; readers never see half a file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../api/errors.ts';
import type { PreprocessRecipe } from '../api/schemas.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';

export type SplitIndices = { train: Int32Array; val: Int32Array; test: Int32Array };

export function writeRecipe(dir: string, recipe: PreprocessRecipe | null): string {
  const path = join(dir, 'recipe.json');
  writeFileAtomic(path, JSON.stringify(recipe, null, 2));
  return path;
}

/** recipe.json of a run's artifact folder (the trainer writes it for every completed run). */
export function readRecipeFile(dir: string): PreprocessRecipe | null {
  const path = join(dir, 'recipe.json');
  if (!existsSync(path)) throw new ApiError('not_found', `The model at ${dir} has no recipe.json; without it its inputs cannot be preprocessed as in training.`);
  let recipe: unknown;
  try {
    recipe = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new ApiError('bad_data', `The recipe.json at ${dir} is not valid JSON.`);
  }
  if (recipe === null) return null;
  const r = recipe as Partial<PreprocessRecipe>;
  if (!Array.isArray(r.center) || !Array.isArray(r.scale) || (r.axis !== 'feature' && r.axis !== 'channel')) {
    throw new ApiError('bad_data', `The recipe.json at ${dir} is not a preprocessing recipe.`);
  }
  return recipe as PreprocessRecipe;
}

/** split.json: { train: number[], val: number[], test: number[] } (row indices into the dataset). */
export function writeSplit(dir: string, split: SplitIndices): string {
  const path = join(dir, 'split.json');
  writeFileAtomic(path, JSON.stringify({ train: Array.from(split.train), val: Array.from(split.val), test: Array.from(split.test) }));
  return path;
}

/** split.json as read back: the dataset rows a run trained, validated and tested on. */
export type StoredSplit = { train: number[]; val: number[]; test: number[] };

/** split.json of a run's artifact folder: the dataset rows it trained, validated and tested on. */
export function readSplitFile(dir: string): StoredSplit {
  const path = join(dir, 'split.json');
  if (!existsSync(path)) throw new ApiError('not_found', `The run at ${dir} has no split.json; its validation rows are unknown.`);
  let split: Partial<StoredSplit>;
  try {
    split = JSON.parse(readFileSync(path, 'utf8')) as Partial<StoredSplit>;
  } catch {
    throw new ApiError('bad_data', `The split.json at ${dir} is not valid JSON.`);
  }
  if (!Array.isArray(split.train) || !Array.isArray(split.val) || !Array.isArray(split.test)) throw new ApiError('bad_data', `The split.json at ${dir} is not a split.`);
  return split as StoredSplit;
}

/**
 * What a saved model's input is: a run's recipe.json, or a merged ensemble's ensemble.json
 * recipe (null: raw features; a text ensemble: its members' shared tokeniser). null when the
 * folder has neither.
 */
export function readInputRecipe(dir: string): PreprocessRecipe | null {
  if (existsSync(join(dir, 'recipe.json'))) return readRecipeFile(dir);
  const file = join(dir, 'ensemble.json');
  if (!existsSync(file)) return null;
  let stored: { recipe?: PreprocessRecipe | null };
  try {
    stored = JSON.parse(readFileSync(file, 'utf8')) as typeof stored;
  } catch {
    throw new ApiError('bad_data', `The ensemble.json at ${dir} is not valid JSON.`);
  }
  const recipe = stored?.recipe ?? null;
  if (recipe !== null && (typeof recipe !== 'object' || !Array.isArray(recipe.center))) throw new ApiError('bad_data', `The ensemble.json at ${dir} holds no preprocessing recipe.`);
  return recipe;
}
