/**
 * Seeded train / validation / test split. Classification with `stratify` splits
 * each class by the same fractions, so a rare class is never missing from the
 * validation set; otherwise a plain shuffle. Same seed → same split.
 *
 * A windowed time series carries its own chronological split (parts.u8: 0 train,
 * 1 validation, 2 test per sample, fixed at import so no window crosses a
 * boundary): `fixed` then decides and neither the seed nor `split` applies;
 * rows keep their time order within each part.
 */
import { ApiError } from '../api/errors.ts';
import type { Split, Task } from '../api/schemas.ts';
import { createRng, type Rng } from '../util/rng.ts';

export type SplitIndices = { train: Int32Array; val: Int32Array; test: Int32Array };

export function splitIndices(y: Float32Array, task: Task, split: Split, seed: number, fixed?: Uint8Array): SplitIndices {
  if (fixed) return storedSplit(fixed);
  const rng = createRng(seed);
  const groups = task === 'classification' && split.stratify ? groupByClass(y) : [range(y.length)];
  const train: number[] = [];
  const val: number[] = [];
  const test: number[] = [];
  for (const group of groups) {
    rng.shuffle(group);
    const { nVal, nTest } = partSizes(group.length, split);
    for (let i = 0; i < group.length; i++) {
      if (i < nVal) val.push(group[i]);
      else if (i < nVal + nTest) test.push(group[i]);
      else train.push(group[i]);
    }
  }
  // Shuffle the merged parts so that no consumer ever sees rows grouped by class.
  return { train: shuffled(train, rng), val: shuffled(val, rng), test: shuffled(test, rng) };
}

/**
 * Sizes of the validation and test parts of n rows: rounded fractions, at least
 * one validation row whenever n ≥ 2, and at least one training row always
 * (test gives way first, then validation).
 */
export function partSizes(n: number, split: Split): { nVal: number; nTest: number } {
  if (n <= 1) return { nVal: 0, nTest: 0 };
  let nVal = Math.max(1, Math.round(n * split.validation));
  let nTest = Math.round(n * split.test);
  while (nVal + nTest > n - 1) {
    if (nTest > 0) nTest--;
    else nVal--;
  }
  return { nVal, nTest };
}

function groupByClass(y: Float32Array): number[][] {
  const groups: number[][] = [];
  for (let i = 0; i < y.length; i++) {
    const k = y[i];
    if (!Number.isInteger(k) || k < 0) throw new ApiError('invalid_argument', `row ${i} has class index ${k}; class labels must be integers ≥ 0`);
    (groups[k] ??= []).push(i);
  }
  return groups.filter((g) => g !== undefined);
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function shuffled(items: number[], rng: Rng): Int32Array {
  return rng.shuffle(Int32Array.from(items)) as Int32Array;
}

/** The parts a dataset stores (0 train, 1 validation, 2 test), in row order. */
export function storedSplit(parts: Uint8Array): SplitIndices {
  const out: number[][] = [[], [], []];
  parts.forEach((p, i) => {
    if (p > 2) throw new ApiError('bad_data', `the stored split marks row ${i} as part ${p}; parts are 0 (train), 1 (validation) and 2 (test)`);
    out[p].push(i);
  });
  return { train: Int32Array.from(out[0]), val: Int32Array.from(out[1]), test: Int32Array.from(out[2]) };
}
