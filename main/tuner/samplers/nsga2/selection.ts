/**
 * NSGA-II environmental and mating selection (Deb et al. 2002), pure:
 * survivors are taken front by front, the last front that does not fit is
 * cut by crowding distance; parents are picked by binary tournaments under
 * the crowded comparison (lower front, then larger crowding distance).
 */
import type { Rng } from '../../../util/rng.ts';
import { crowdingDistance, nonDominatedSort } from '../../pareto.ts';
import type { StudyDirection } from '../../types.ts';

export type Survivor = { index: number; front: number; crowding: number };

export function selectSurvivors(values: readonly (readonly number[])[], directions: readonly StudyDirection[], size: number): Survivor[] {
  const out: Survivor[] = [];
  const fronts = nonDominatedSort(values, directions);
  for (let f = 0; f < fronts.length && out.length < size; f++) {
    const crowd = crowdingDistance(fronts[f].map((i) => values[i]));
    const members = fronts[f].map((index, k) => ({ index, front: f, crowding: crowd[k] }));
    if (out.length + members.length > size) members.sort((a, b) => b.crowding - a.crowding || a.index - b.index);
    out.push(...members.slice(0, size - out.length));
  }
  return out;
}

export const crowdedBetter = (a: Survivor, b: Survivor): boolean =>
  a.front !== b.front ? a.front < b.front : a.crowding !== b.crowding ? a.crowding > b.crowding : a.index < b.index;

export function binaryTournament(pool: readonly Survivor[], rng: Rng): Survivor {
  const a = pool[rng.int(pool.length)];
  const b = pool[rng.int(pool.length)];
  return crowdedBetter(a, b) ? a : b;
}
