/**
 * k-fold assignment of the training rows for stacking: a fold id per
 * position, seeded. Classification folds are stratified (each class dealt
 * round-robin over the folds after a seeded shuffle, continuing where the
 * previous class stopped, so fold sizes differ by at most one and every fold
 * holds every class); regression folds are a seeded shuffle cut in k parts.
 */
import { ApiError } from '../../api/errors.ts';
import { MAX_FOLDS } from '../../limits.ts';
import { createRng, deriveSeed } from '../../util/rng.ts';


/**
 * Stratified folds over class indices. Refuses more folds than rows of the
 * smallest class: such a fold would have no row of that class to hold out,
 * and its members would never learn it. `classNames` only improve the message.
 */
export function stratifiedFolds(labels: ArrayLike<number>, k: number, seed: number, classNames: string[] = []): Int32Array {
  checkFoldCount(k, labels.length);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    if (!Number.isInteger(c) || c < 0) throw new ApiError('invalid_argument', `row ${i} has class index ${c}; class labels must be integers ≥ 0`);
    let rows = byClass.get(c);
    if (!rows) byClass.set(c, (rows = []));
    rows.push(i);
  }
  const classes = [...byClass.keys()].sort((a, b) => a - b);
  for (const c of classes) {
    const n = byClass.get(c)!.length;
    if (n < k) {
      const name = classNames[c] !== undefined ? `'${classNames[c]}'` : `${c}`;
      throw new ApiError(
        'invalid_argument',
        `stacking with ${k} folds needs at least ${k} training rows of every class, but class ${name} has ${n}; use at most ${minClassCount(byClass)} folds`,
      );
    }
  }
  const rng = createRng(deriveSeed(seed, 'stacking-folds'));
  const folds = new Int32Array(labels.length);
  let next = 0;
  for (const c of classes) {
    const rows = rng.shuffle(byClass.get(c)!) as number[];
    for (const r of rows) {
      folds[r] = next;
      next = (next + 1) % k;
    }
  }
  return folds;
}

/** Plain seeded k folds (regression). */
export function kFolds(rows: number, k: number, seed: number): Int32Array {
  checkFoldCount(k, rows);
  const order = Int32Array.from({ length: rows }, (_, i) => i);
  createRng(deriveSeed(seed, 'stacking-folds')).shuffle(order);
  const folds = new Int32Array(rows);
  for (let i = 0; i < rows; i++) folds[order[i]] = i % k;
  return folds;
}

/** Positions in fold f (held out) and the rest (its members train on them). */
export function foldPositions(folds: Int32Array, f: number): { train: Int32Array; holdout: Int32Array } {
  const train: number[] = [];
  const holdout: number[] = [];
  for (let i = 0; i < folds.length; i++) (folds[i] === f ? holdout : train).push(i);
  return { train: Int32Array.from(train), holdout: Int32Array.from(holdout) };
}

function checkFoldCount(k: number, rows: number): void {
  if (!Number.isInteger(k) || k < 2 || k > MAX_FOLDS) throw new ApiError('invalid_argument', `folds must be an integer from 2 to ${MAX_FOLDS}, got ${k}`);
  if (k > rows) throw new ApiError('invalid_argument', `cannot split ${rows} training rows into ${k} folds`);
}

function minClassCount(byClass: Map<number, number[]>): number {
  return Math.min(...[...byClass.values()].map((r) => r.length));
}
