/**
 * Shape measures of a loss curve (pure): the advisor's rules read curves only
 * through these, so each is tested once.
 */
import type { EpochLoss } from './types.ts';

/** Centred mean over `window` (odd) points, fewer at the ends: takes out epoch noise without shifting the curve. */
export function smooth(values: readonly number[], window = 3): number[] {
  const half = Math.floor(window / 2);
  return values.map((_, i) => {
    const from = Math.max(0, i - half);
    const to = Math.min(values.length - 1, i + half);
    let s = 0;
    for (let k = from; k <= to; k++) s += values[k];
    return s / (to - from + 1);
  });
}

export function argmin(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] < values[best]) best = i;
  return best;
}

/** Share of steps i−1 → i where the value rose by more than `minRise` (relative). */
export function risingShare(values: readonly number[], minRise: number): number {
  if (values.length < 2) return 0;
  let ups = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[i - 1] * (1 + minRise)) ups++;
  return ups / (values.length - 1);
}

/** Share of steps where the value fell. */
export function fallingShare(values: readonly number[]): number {
  if (values.length < 2) return 0;
  let downs = 0;
  for (let i = 1; i < values.length; i++) if (values[i] < values[i - 1]) downs++;
  return downs / (values.length - 1);
}

/** (a − b) / |a|: the relative improvement from a to b of a loss. */
export const relativeDrop = (a: number, b: number): number => (a !== 0 ? (a - b) / Math.abs(a) : 0);

/**
 * The drop over the second half of the curve against the drop over the first:
 * near 0 for a curve that flattened (healthy or stuck), near 1 for a straight
 * line (still falling at the pace it started with).
 */
export function halfDropRatio(values: readonly number[]): number {
  const mid = Math.floor((values.length - 1) / 2);
  const first = values[0] - values[mid];
  const second = values[mid] - values[values.length - 1];
  return first > 0 ? second / first : second > 0 ? Infinity : 0;
}

/** First index from which every later value stays within `tolerance` (relative) of the last one. */
export function plateauStart(values: readonly number[], tolerance: number): number {
  const last = values[values.length - 1];
  let start = values.length - 1;
  while (start > 0 && Math.abs(values[start - 1] - last) <= tolerance * Math.abs(last)) start--;
  return start;
}

/** The loss curves of stored metric points: train and validation 'loss' per epoch, in epoch order; epochs without a train loss are left out. */
export function lossCurves(points: readonly { epoch: number; split: string; name: string; value: number }[]): EpochLoss[] {
  const train = new Map<number, number>();
  const val = new Map<number, number>();
  for (const p of points) {
    if (p.name === 'loss' && p.split === 'train') train.set(p.epoch, p.value);
    else if (p.name === 'loss' && p.split === 'val') val.set(p.epoch, p.value);
  }
  return [...train.keys()]
    .sort((a, b) => a - b)
    .map((epoch) => ({ epoch, trainLoss: train.get(epoch) as number, ...(val.has(epoch) ? { valLoss: val.get(epoch) } : {}) }));
}
