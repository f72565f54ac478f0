/**
 * Objective values of a finished training trial, and the per-epoch value the
 * pruner sees. val_* come from the run's final validation metrics; param_count
 * and flops from the built model; latency_ms is measured on the saved model
 * (main/study/latency.ts, the one latency measurer).
 *
 * Regression units (hyperparams.targetScaling, main/train/evaluate.ts): val_mse,
 * val_mae and val_r2 are in the target's own units, comparable across trials
 * whatever their seeds; val_loss is the mse in standardised units, whose scale
 * is fitted on each trial's training rows.
 */
import type { FinalMetrics, MetricValues } from '../api/schemas.ts';
import type { MetricObjective } from './config.ts';

/** Validation metric key per val_* objective (names as main/train/metrics.ts reports them). */
const VAL_KEYS: Partial<Record<MetricObjective, string>> = {
  val_accuracy: 'accuracy', val_f1: 'f1', val_loss: 'loss', val_mse: 'mse', val_mae: 'mae', val_r2: 'r2',
};

/** The value an epoch reports for the first objective, or undefined when it has none (size, latency). */
export function epochValue(metric: MetricObjective, val: MetricValues): number | undefined {
  const key = VAL_KEYS[metric];
  const v = key ? val[key] : undefined;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export type TrainedFacts = { metrics: FinalMetrics; paramCount: number; flops: number; latencyMs?: number };

/** One value per objective; a missing metric gives NaN (the trial then fails with a clear reason). */
export function objectiveValues(metrics: readonly MetricObjective[], facts: TrainedFacts): number[] {
  return metrics.map((m) => {
    if (m === 'param_count') return facts.paramCount;
    if (m === 'flops') return facts.flops;
    if (m === 'latency_ms') return facts.latencyMs ?? Number.NaN;
    const v = facts.metrics.val?.[VAL_KEYS[m] as string];
    return typeof v === 'number' ? v : Number.NaN;
  });
}
