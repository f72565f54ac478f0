/**
 * Feature groups: the players of an explanation. The CSV import one-hot encodes
 * a text column 'colour' into consecutive columns 'colour=blue', 'colour=red'
 * (main/data/csv.ts); attributing to 'colour' as one player is what a person
 * means, and it is also the correct way to permute or mask a one-hot block
 * (switching one of its columns alone makes rows no real data has).
 */
import { ApiError } from '../api/errors.ts';

export type FeatureGroups = {
  /** One name per group. */
  names: string[];
  /** The input columns of each group, ascending. */
  columns: number[][];
};

/** Every column its own group, named from featureNames (or 'x0', 'x1', ... for images and unnamed data). */
export function singletonGroups(features: number, featureNames: readonly string[] = []): FeatureGroups {
  const names = Array.from({ length: features }, (_, j) => featureNames[j] ?? `x${j}`);
  return { names, columns: names.map((_, j) => [j]) };
}

/**
 * Groups consecutive 'name=value' columns with the same 'name' back into one
 * group called 'name'. The split is at the first '=': a header that itself
 * holds '=' would be cut short, so callers that know the original columns
 * should pass explicit groups instead (checkGroups).
 */
export function groupOneHot(featureNames: readonly string[]): FeatureGroups {
  const names: string[] = [];
  const columns: number[][] = [];
  let open: string | null = null;
  featureNames.forEach((name, j) => {
    const cut = name.indexOf('=');
    const prefix = cut > 0 ? name.slice(0, cut) : null;
    if (prefix !== null && prefix === open) {
      columns[columns.length - 1].push(j);
      return;
    }
    names.push(prefix ?? name);
    columns.push([j]);
    open = prefix;
  });
  // A lone 'name=value' column (a text column with one value) keeps its full name.
  columns.forEach((cols, g) => {
    if (cols.length === 1) names[g] = featureNames[cols[0]];
  });
  return { names, columns };
}

/** Throws unless every one of `features` columns belongs to exactly one group. */
export function checkGroups(groups: FeatureGroups, features: number): void {
  if (groups.names.length !== groups.columns.length) {
    throw new ApiError('invalid_argument', `${groups.names.length} group names for ${groups.columns.length} groups`);
  }
  const owner = new Int32Array(features).fill(-1);
  groups.columns.forEach((cols, g) => {
    if (cols.length === 0) throw new ApiError('invalid_argument', `group '${groups.names[g]}' has no columns`);
    for (const j of cols) {
      if (!Number.isInteger(j) || j < 0 || j >= features) {
        throw new ApiError('invalid_argument', `group '${groups.names[g]}' names column ${j}; the model has ${features} (0..${features - 1})`);
      }
      if (owner[j] >= 0) throw new ApiError('invalid_argument', `column ${j} is in both '${groups.names[owner[j]]}' and '${groups.names[g]}'`);
      owner[j] = g;
    }
  });
  const missing = owner.indexOf(-1);
  if (missing >= 0) throw new ApiError('invalid_argument', `column ${missing} is in no group; every column must be in one`);
}

/** Pixels of an [H, W, C] image as players, each with its C channel columns, named '(row,col)'. */
export function pixelGroups(H: number, W: number, C: number): FeatureGroups {
  const names: string[] = [];
  const columns: number[][] = [];
  for (let p = 0; p < H * W; p++) {
    names.push(`(${Math.floor(p / W)},${p % W})`);
    columns.push(Array.from({ length: C }, (_, c) => p * C + c));
  }
  return { names, columns };
}

/** The default players of a model: pixels for images, columns for everything else. */
export function defaultGroups(inputShape: readonly number[], features: number, featureNames?: readonly string[]): FeatureGroups {
  if (inputShape.length === 3) return pixelGroups(inputShape[0], inputShape[1], inputShape[2]);
  return singletonGroups(features, featureNames);
}

/** Per-column values summed per group: attributions that add up (IG, occlusion) aggregate exactly. */
export function sumByGroup(values: ArrayLike<number>, groups: FeatureGroups): Float64Array {
  return Float64Array.from(groups.columns, (cols) => cols.reduce((s, j) => s + values[j], 0));
}
