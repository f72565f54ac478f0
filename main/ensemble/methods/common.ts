/**
 * What the methods share: member seeds, the members voting, selection and
 * stacking start from (existing runs, or members trained on every training
 * row with their own seeds), and predictions of several members as one set.
 */
import { ApiError } from '../../api/errors.ts';
import type { Task } from '../../api/schemas.ts';
import { deriveSeed } from '../../util/rng.ts';
import type { EnsembleContext, EnsembleMember } from '../index.ts';
import { stackPredictions, type PredictionSet } from '../math/predictions.ts';
import { gatherRows } from '../../train/batches.ts';
import type { EnsembleMetric } from '../math/scores.ts';

/** Slot i's initialisation seed: members on one split differ by it. */
export const memberSeed = (seed: number, slot: number): number => deriveSeed(seed, `ensemble-member:${slot}`);

export const defaultMetric = (task: Task): EnsembleMetric => (task === 'classification' ? 'log_loss' : 'mse');

/** The labels of `rows`, ctx.labelWidth values each. */
export const labelsOf = (ctx: EnsembleContext, rows: Int32Array): Float32Array => gatherRows(ctx.labels, ctx.labelWidth, rows, 0, rows.length);

/**
 * The candidates (existing runs, slots 0..n−1) or, without candidates, `count`
 * members trained on all training rows, each with its own seed (slots 0..count−1).
 */
export async function baseMembers(ctx: EnsembleContext, count: number | undefined): Promise<string[]> {
  if (ctx.candidates.length > 0) return [...ctx.candidates];
  const n = count ?? 0;
  if (n < 2) throw new ApiError('invalid_argument', `an ensemble needs at least 2 members, got ${n}`);
  return Promise.all(Array.from({ length: n }, (_, slot) => ctx.trainMember({ slot, rows: ctx.split.train, seed: memberSeed(ctx.seed, slot), role: 'member' })));
}

/** Members as stored: slot i is run i, with its weight. */
export function weighted(runIds: string[], weights: ArrayLike<number>): EnsembleMember[] {
  return runIds.map((runId, position) => ({ runId, position, weight: weights[position], role: 'member' as const }));
}

/** Every member's predictions on the same rows, [members × rows × outputs]. */
export async function predictSet(ctx: EnsembleContext, runIds: readonly string[], rows: Int32Array): Promise<PredictionSet> {
  const blocks = await Promise.all(runIds.map((r) => ctx.predict(r, rows)));
  return stackPredictions(blocks, ctx.outputs);
}
