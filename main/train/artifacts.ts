/**
 * The run's files besides the model: the fitted preprocessing recipe (needed to
 * use the model on new data) and the split (so evaluation can be reproduced and
 * audited). Both are written atomically; readers never see half a file.
 */
import { join } from 'node:path';
import type { PreprocessRecipe } from '../api/schemas.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';

export type SplitIndices = { train: Int32Array; val: Int32Array; test: Int32Array };

export function writeRecipe(dir: string, recipe: PreprocessRecipe | null): string {
  const path = join(dir, 'recipe.json');
  writeFileAtomic(path, JSON.stringify(recipe, null, 2));
  return path;
}

/** split.json: { train: number[], val: number[], test: number[] } (row indices into the dataset). */
export function writeSplit(dir: string, split: SplitIndices): string {
  const path = join(dir, 'split.json');
  writeFileAtomic(path, JSON.stringify({ train: Array.from(split.train), val: Array.from(split.val), test: Array.from(split.test) }));
  return path;
}
