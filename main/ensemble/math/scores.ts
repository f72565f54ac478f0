/**
 * The validation metrics an ensemble is built for, as losses (lower is better)
 * on one [rows × outputs] prediction: accuracy and macro F1 become 1 − value,
 * R² becomes 1 − R², so every search minimises. Accuracy, F1, MSE and R² come
 * from the trainer's metric code (main/train/metrics.ts), so an ensemble and a
 * run are measured the same way.
 */
import { ApiError } from '../../api/errors.ts';
import type { Task } from '../../api/schemas.ts';
import { argmaxRows, classificationMetrics, logLoss, multiOutputRegressionMetrics } from '../../train/metrics.ts';

export const CLASSIFICATION_METRICS = ['accuracy', 'log_loss', 'f1'] as const;
export const REGRESSION_METRICS = ['mse', 'r2'] as const;
export type EnsembleMetric = (typeof CLASSIFICATION_METRICS)[number] | (typeof REGRESSION_METRICS)[number];


export function metricFitsTask(metric: EnsembleMetric, task: Task): boolean {
  return task === 'classification'
    ? (CLASSIFICATION_METRICS as readonly string[]).includes(metric)
    : (REGRESSION_METRICS as readonly string[]).includes(metric);
}

export function checkMetric(metric: EnsembleMetric, task: Task): void {
  if (!metricFitsTask(metric, task)) {
    const allowed = task === 'classification' ? CLASSIFICATION_METRICS : REGRESSION_METRICS;
    throw new ApiError('invalid_argument', `metric '${metric}' does not apply to ${task}; use one of ${allowed.join(', ')}`);
  }
}

/** Refuses a metric that does not fit predictions with `outputs` columns (classification has ≥ 2 class probabilities). */
export function checkMetricOutputs(metric: EnsembleMetric, outputs: number): void {
  if (outputs < 2) checkMetric(metric, 'regression');
}

/** Labels per row a metric reads: one class index, or one target per output for a regression metric. */
export function metricLabelWidth(metric: EnsembleMetric, outputs: number): number {
  return metricFitsTask(metric, 'regression') ? outputs : 1;
}

/** The loss (lower is better) of one prediction [rows × outputs]; regression labels are [rows × outputs] too (R²: the mean over outputs). */
export function metricLoss(metric: EnsembleMetric, pred: ArrayLike<number>, outputs: number, labels: ArrayLike<number>): number {
  switch (metric) {
    case 'log_loss':
      return logLoss(pred, outputs, labels);
    case 'accuracy':
    case 'f1': {
      const m = classificationMetrics(labels, argmaxRows(pred, outputs), outputs);
      return 1 - (metric === 'accuracy' ? m.accuracy : m.f1);
    }
    case 'mse':
    case 'r2': {
      const m = multiOutputRegressionMetrics(labels, pred, outputs);
      return metric === 'mse' ? m.mse : 1 - m.r2;
    }
  }
}

/** The metric's own value (accuracy, F1, R² back from their loss form). */
export function metricValue(metric: EnsembleMetric, loss: number): number {
  return metric === 'accuracy' || metric === 'f1' || metric === 'r2' ? 1 - loss : loss;
}
