/**
 * Sparsity schedules for magnitude pruning (pure maths, no tfjs).
 *
 * Gradual pruning follows the polynomial decay of Zhu & Gupta (2017):
 *   s_t = s_f + (s_i - s_f) * (1 - progress)^3,  progress = (t - t_begin) / (t_end - t_begin)
 * so most weights go early, while the network still has capacity to recover, and
 * the last steps remove few. Here t counts epochs: masks are recomputed once per
 * epoch and enforced after every optimiser step in between.
 */
import type { MagnitudePruningPlan } from '../types.ts';

export function polynomialSparsity(t: number, begin: number, end: number, initial: number, final: number, power = 3): number {
  if (t <= begin) return initial;
  if (t >= end || end <= begin) return final;
  const progress = (t - begin) / (end - begin);
  return final + (initial - final) * (1 - progress) ** power;
}

/** The [begin, end) epoch window of a gradual plan; defaults leave the last third of the epochs for recovery. */
export function scheduleWindow(plan: MagnitudePruningPlan, epochs: number): { begin: number; end: number } {
  const begin = Math.max(0, Math.min(plan.beginEpoch ?? 0, epochs - 1));
  const defaultEnd = Math.max(begin + 1, Math.round((2 * epochs) / 3));
  const end = Math.max(begin + 1, Math.min(plan.endEpoch ?? defaultEnd, epochs));
  return { begin, end };
}

/**
 * Target sparsity during (0-based) epoch `epoch`. One-shot: the final target
 * from the first step. Gradual: the polynomial value at the end of this epoch,
 * so the last epoch of the window already trains at the final sparsity.
 */
export function sparsityAt(plan: MagnitudePruningPlan, epoch: number, epochs: number): number {
  if (plan.schedule === 'oneshot') return plan.targetSparsity;
  const { begin, end } = scheduleWindow(plan, epochs);
  return polynomialSparsity(epoch + 1, begin, end, 0, plan.targetSparsity);
}

/** True once the mask no longer changes: from then on "best weights" are comparable. */
export function scheduleSettled(plan: MagnitudePruningPlan, epoch: number, epochs: number): boolean {
  if (plan.schedule === 'oneshot') return true;
  return epoch + 1 >= scheduleWindow(plan, epochs).end;
}
