/**
 * Seeded k-means (k-means++ seeding, then Lloyd iterations), and the
 * background summary built on it: every SHAP method costs one model evaluation
 * per background row, so K weighted centres stand in for thousands of rows
 * (shap.kmeans does the same). Pure and deterministic for a given seed.
 */
import { ApiError } from '../api/errors.ts';
import { createRng } from '../util/rng.ts';
import { MAX_BACKGROUND } from '../limits.ts';
import type { Rows } from './types.ts';

export type KMeansResult = {
  /** k × F centres, row-major. */
  centres: Float64Array;
  /** Cluster of each input row. */
  assignment: Int32Array;
  /** Rows per cluster. */
  sizes: Int32Array;
  iterations: number;
};

const MAX_ITERATIONS = 100;

function squaredDistance(x: ArrayLike<number>, i: number, c: Float64Array, k: number, F: number): number {
  let d = 0;
  for (let j = 0; j < F; j++) {
    const t = x[i * F + j] - c[k * F + j];
    d += t * t;
  }
  return d;
}

/** k-means++: each next centre is drawn with probability proportional to its squared distance to the nearest chosen one. */
function seedCentres(x: ArrayLike<number>, n: number, F: number, k: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const centres = new Float64Array(k * F);
  const nearest = new Float64Array(n).fill(Infinity);
  let pick = rng.int(n);
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < F; j++) centres[c * F + j] = x[pick * F + j];
    let total = 0;
    for (let i = 0; i < n; i++) {
      nearest[i] = Math.min(nearest[i], squaredDistance(x, i, centres, c, F));
      total += nearest[i];
    }
    if (total === 0) {
      // Fewer distinct points than k: the remaining centres repeat existing ones and stay empty.
      pick = rng.int(n);
      continue;
    }
    let r = rng.next() * total;
    pick = n - 1;
    for (let i = 0; i < n; i++) {
      r -= nearest[i];
      if (r < 0) {
        pick = i;
        break;
      }
    }
  }
  return centres;
}

export function kMeans(x: ArrayLike<number>, n: number, F: number, k: number, seed: number): KMeansResult {
  if (!Number.isInteger(k) || k < 1 || k > n) throw new ApiError('invalid_argument', `k-means needs 1 ≤ k ≤ ${n} rows, got k = ${k}`);
  const centres = seedCentres(x, n, F, k, seed);
  const assignment = new Int32Array(n).fill(-1);
  const sizes = new Int32Array(k);
  let iterations = 0;
  for (; iterations < MAX_ITERATIONS; iterations++) {
    let changed = 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestD = Infinity;
      for (let c = 0; c < k; c++) {
        const d = squaredDistance(x, i, centres, c, F);
        if (d < bestD) {
          bestD = d;
          best = c;
        }
      }
      if (assignment[i] !== best) changed++;
      assignment[i] = best;
    }
    if (changed === 0) break;
    centres.fill(0);
    sizes.fill(0);
    for (let i = 0; i < n; i++) {
      const c = assignment[i];
      sizes[c]++;
      for (let j = 0; j < F; j++) centres[c * F + j] += x[i * F + j];
    }
    for (let c = 0; c < k; c++) {
      // An empty cluster keeps a zero centre no row is near; it ends with size 0 and weight 0.
      if (sizes[c] > 0) for (let j = 0; j < F; j++) centres[c * F + j] /= sizes[c];
    }
  }
  sizes.fill(0);
  for (let i = 0; i < n; i++) sizes[assignment[i]]++;
  return { centres, assignment, sizes, iterations };
}

/** Background rows with weights that sum to 1. */
export type Background = Rows & { weights: Float64Array };

export function uniformBackground(rows: Rows): Background {
  return { x: rows.x, n: rows.n, weights: new Float64Array(rows.n).fill(1 / rows.n) };
}

/**
 * Summarises background rows into at most k weighted centres (weight = cluster
 * share). Each centre value is snapped to the nearest value the column really
 * takes, as shap.kmeans does, so one-hot and integer columns stay valid data.
 * With n ≤ k the rows are kept as they are.
 */
export function summariseBackground(rows: Rows, features: number, k: number, seed: number): Background {
  if (!Number.isInteger(k) || k < 1 || k > MAX_BACKGROUND) {
    throw new ApiError('invalid_argument', `background size must be 1..${MAX_BACKGROUND}, got ${k}`);
  }
  if (rows.n <= k) return uniformBackground(rows);
  const { centres, sizes } = kMeans(rows.x, rows.n, features, k, seed);
  const kept = [...sizes.keys()].filter((c) => sizes[c] > 0);
  const x = new Float32Array(kept.length * features);
  const weights = new Float64Array(kept.length);
  for (let j = 0; j < features; j++) {
    const values = Float64Array.from({ length: rows.n }, (_, i) => rows.x[i * features + j]).sort();
    kept.forEach((c, r) => (x[r * features + j] = nearestSorted(values, centres[c * features + j])));
  }
  kept.forEach((c, r) => (weights[r] = sizes[c] / rows.n));
  return { x, n: kept.length, weights };
}

function nearestSorted(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && v - sorted[lo - 1] <= sorted[lo] - v ? sorted[lo - 1] : sorted[lo];
}
