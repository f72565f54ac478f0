/**
 * Early stopping as a pure state machine: feed it the validation metrics after
 * each epoch and it says whether this epoch is the new best (the trainer then
 * snapshots the weights) and whether to stop. No tfjs here, so it is trivially
 * testable and the trainer owns all tensor handling.
 */
import type { MetricValues } from '../api/schemas.ts';

export type Monitor = 'val_loss' | 'val_accuracy' | 'val_f1' | 'val_mse' | 'val_mae' | 'val_r2';

export type EarlyStopConfig = { monitor: Monitor; patience: number; minDelta: number };

export type EarlyStopState = {
  readonly config: EarlyStopConfig;
  /** Best monitored value so far (±Infinity before the first epoch). */
  readonly best: number;
  /** 0-based epoch of the best value, -1 before the first epoch. */
  readonly bestEpoch: number;
  /** Epochs in a row without an improvement. */
  readonly wait: number;
};

export type EarlyStopDecision = { state: EarlyStopState; improved: boolean; stop: boolean };

/** Losses and errors go down; accuracy, f1 and r2 go up. */
export function isMaximised(monitor: Monitor): boolean {
  return monitor === 'val_accuracy' || monitor === 'val_f1' || monitor === 'val_r2';
}

/** 'val_accuracy' → 'accuracy': the key in the validation MetricValues. */
export function metricKey(monitor: Monitor): string {
  return monitor.slice('val_'.length);
}

export function initialEarlyStop(config: EarlyStopConfig): EarlyStopState {
  return { config, best: isMaximised(config.monitor) ? -Infinity : Infinity, bestEpoch: -1, wait: 0 };
}

/**
 * One epoch's update. An improvement must beat the best by more than minDelta
 * (Keras semantics). Stop once `patience` epochs in a row did not improve; with
 * patience 0 that is the first epoch that does not improve.
 * A non-finite value (NaN) never counts as an improvement. A monitor that the
 * task does not report (val_accuracy on a regression) falls back to val_loss, so a
 * misconfigured monitor degrades gracefully instead of never improving.
 */
export function updateEarlyStop(state: EarlyStopState, epoch: number, val: MetricValues): EarlyStopDecision {
  let { monitor } = state.config;
  if (!(metricKey(monitor) in val)) monitor = 'val_loss';
  const value = val[metricKey(monitor)];
  const maximise = isMaximised(monitor);
  const delta = state.config.minDelta;
  const improved =
    value !== undefined &&
    Number.isFinite(value) &&
    (state.bestEpoch < 0 || (maximise ? value > state.best + delta : value < state.best - delta));
  if (improved) {
    return { state: { ...state, best: value, bestEpoch: epoch, wait: 0 }, improved: true, stop: false };
  }
  const wait = state.wait + 1;
  return { state: { ...state, wait }, improved: false, stop: wait >= Math.max(state.config.patience, 0) && wait > 0 };
}
