/**
 * Pareto maths for several objectives, pure. Every function takes raw
 * objective values plus one direction per objective and turns them into
 * losses (lower is better) first, so callers never negate by hand.
 */
import type { StudyDirection } from './types.ts';

export const toLoss = (values: readonly number[], directions: readonly StudyDirection[]): number[] =>
  values.map((v, i) => (directions[i] === 'maximize' ? -v : v));

/** a dominates b: no worse on every objective and better on one (both as losses). */
export function dominates(a: readonly number[], b: readonly number[]): boolean {
  let better = false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] > b[i]) return false;
    if (a[i] < b[i]) better = true;
  }
  return better;
}

/**
 * Fronts of non-dominated points, best first, as indices into `values`.
 * O(M·N²) comparisons (Deb's fast non-dominated sort): 10,000 points is
 * 10⁸ cheap comparisons; studies with several objectives rarely get there.
 */
export function nonDominatedSort(values: readonly (readonly number[])[], directions: readonly StudyDirection[]): number[][] {
  const losses = values.map((v) => toLoss(v, directions));
  const n = losses.length;
  const dominatedBy = new Int32Array(n);
  const beats: number[][] = losses.map(() => []);
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      if (dominates(losses[i], losses[j])) {
        beats[i].push(j);
        dominatedBy[j]++;
      } else if (dominates(losses[j], losses[i])) {
        beats[j].push(i);
        dominatedBy[i]++;
      }
    }
  const fronts: number[][] = [];
  let current = [...Array(n).keys()].filter((i) => dominatedBy[i] === 0);
  while (current.length) {
    fronts.push(current);
    const next: number[] = [];
    for (const i of current) for (const j of beats[i]) if (--dominatedBy[j] === 0) next.push(j);
    current = next.sort((a, b) => a - b);
  }
  return fronts;
}

/** Indices of the non-dominated points. */
export const paretoFront = (values: readonly (readonly number[])[], directions: readonly StudyDirection[]): number[] =>
  values.length ? nonDominatedSort(values, directions)[0] : [];

/**
 * NSGA-II crowding distance of each point of one front (same order as given):
 * the sum over objectives of the normalised gap between its two neighbours.
 * The ends of every objective get Infinity so the extremes always survive.
 */
export function crowdingDistance(front: readonly (readonly number[])[]): number[] {
  const n = front.length;
  const dist = new Array<number>(n).fill(0);
  if (n <= 2) return dist.fill(Infinity);
  const m = front[0].length;
  for (let k = 0; k < m; k++) {
    const order = [...Array(n).keys()].sort((a, b) => front[a][k] - front[b][k] || a - b);
    const lo = front[order[0]][k];
    const hi = front[order[n - 1]][k];
    dist[order[0]] = dist[order[n - 1]] = Infinity;
    if (hi === lo) continue;
    for (let i = 1; i < n - 1; i++) dist[order[i]] += (front[order[i + 1]][k] - front[order[i - 1]][k]) / (hi - lo);
  }
  return dist;
}

/**
 * Best-first order of trials' objective vectors: by value for one objective;
 * for several, by front, then by crowding distance within a front (NSGA-II's
 * crowded comparison), then by index so the order is total and deterministic.
 */
export function rankOrder(values: readonly (readonly number[])[], directions: readonly StudyDirection[]): number[] {
  if (directions.length === 1) {
    const s = directions[0] === 'maximize' ? -1 : 1;
    return [...values.keys()].sort((a, b) => s * (values[a][0] - values[b][0]) || a - b);
  }
  const out: number[] = [];
  for (const front of nonDominatedSort(values, directions)) {
    const crowd = crowdingDistance(front.map((i) => values[i]));
    const byCrowd = [...front.keys()].sort((a, b) => crowd[b] - crowd[a] || front[a] - front[b]);
    for (const k of byCrowd) out.push(front[k]);
  }
  return out;
}
