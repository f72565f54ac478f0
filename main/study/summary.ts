/**
 * Read-side maths over stored trials, pure: best trial(s), the Pareto front,
 * best-so-far curves, the worker timeline, and which trials' intermediate
 * curves a chart gets when there are too many to draw.
 */
import { paretoFront, rankOrder } from '../tuner/pareto.ts';
import type { StudyDirection } from '../tuner/types.ts';
import type { LiteTrial } from '../../db/store.ts';
import type { StudyHistory } from './types.ts';
import { ownerMachine } from '../util/owner-id.ts';

type WithValues = { number: number; state: string; values: number[] | null };

const completed = <T extends WithValues>(trials: readonly T[]): (T & { values: number[] })[] =>
  trials.filter((t): t is T & { values: number[] } => t.state === 'complete' && t.values !== null && t.values.every(Number.isFinite));

/** Complete trials best first (one objective: by value, ties to the older trial; several: NSGA-II rank). */
export function rankTrials<T extends WithValues>(trials: readonly T[], directions: readonly StudyDirection[]): T[] {
  const done = completed(trials);
  return rankOrder(done.map((t) => t.values), directions).map((i) => done[i]);
}

/** Non-dominated complete trials in rank order (single objective: the best one). */
export function paretoTrials<T extends WithValues>(trials: readonly T[], directions: readonly StudyDirection[]): T[] {
  const done = completed(trials);
  if (!done.length) return [];
  if (directions.length === 1) return rankTrials(done, directions).slice(0, 1);
  const front = new Set(paretoFront(done.map((t) => t.values), directions).map((i) => done[i].number));
  return rankTrials(done, directions).filter((t) => front.has(t.number));
}

/** Per trial (number order): its values and the best value of each objective among complete trials so far. */
export function bestSoFar(trials: readonly LiteTrial[], directions: readonly StudyDirection[]): StudyHistory['trials'] {
  const best: (number | null)[] = directions.map(() => null);
  return trials.map((t) => {
    if (t.state === 'complete' && t.values) {
      t.values.forEach((v, k) => {
        if (!Number.isFinite(v)) return;
        const b = best[k];
        if (b === null || (directions[k] === 'maximize' ? v > b : v < b)) best[k] = v;
      });
    }
    return { number: t.number, state: t.state, values: t.values, best: [...best] };
  });
}

export function timeline(trials: readonly LiteTrial[]): StudyHistory['timeline'] {
  const starts = trials.map((t) => (t.startedAt ? Date.parse(t.startedAt) : NaN)).filter(Number.isFinite);
  const t0 = starts.length ? Math.min(...starts) : 0;
  return trials
    .filter((t) => t.startedAt)
    .map((t) => ({
      number: t.number, worker: t.worker, state: t.state, machine: ownerMachine(t.ownerId),
      startMs: Date.parse(t.startedAt as string) - t0,
      endMs: t.finishedAt ? Date.parse(t.finishedAt) - t0 : null,
    }));
}

/**
 * Which trials get their intermediate curve drawn: every running trial, then
 * the best-ranked complete ones and the newest others, up to `max`. A chart
 * of 10,000 curves is unreadable and slow; these are the ones people look at.
 */
export function curveTrials(trials: readonly LiteTrial[], directions: readonly StudyDirection[], max: number): number[] {
  const picked = new Set<number>();
  const add = (n: number) => picked.size < max && picked.add(n);
  for (const t of trials) if (t.state === 'running') add(t.number);
  const ranked = rankTrials(trials, directions);
  const rest = trials.filter((t) => t.state !== 'running').sort((a, b) => b.number - a.number);
  let i = 0;
  let j = 0;
  // Alternate best and newest so both the winners and the recent pruning show.
  while (picked.size < max && (i < ranked.length || j < rest.length)) {
    if (i < ranked.length) add(ranked[i++].number);
    if (j < rest.length) add(rest[j++].number);
  }
  return [...picked].sort((a, b) => a - b);
}
