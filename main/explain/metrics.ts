/**
 * Scores for permutation importance: any function of (labels, model outputs)
 * with its direction. The named ones reuse the training metrics
 * (main/train/metrics.ts), so importance is measured in the numbers a run shows.
 */
import { ApiError } from '../api/errors.ts';
import type { Task } from '../api/schemas.ts';
import { argmaxRows, classificationMetrics, logLoss, regressionMetrics } from '../train/metrics.ts';

export type Metric = {
  name: string;
  higherIsBetter: boolean;
  /** yTrue: class index or target per row; outputs: n × width model outputs. */
  score(yTrue: Float32Array, outputs: Float32Array, width: number): number;
};

const column0 = (outputs: Float32Array, width: number): Float32Array =>
  width === 1 ? outputs : Float32Array.from({ length: outputs.length / width }, (_, i) => outputs[i * width]);

const classification = (name: 'accuracy' | 'f1'): Metric => ({
  name,
  higherIsBetter: true,
  score: (y, out, width) => classificationMetrics(y, argmaxRows(out, width), width)[name],
});

const regression = (name: 'mse' | 'mae' | 'r2'): Metric => ({
  name,
  higherIsBetter: name === 'r2',
  score: (y, out, width) => regressionMetrics(y, column0(out, width))[name],
});

export const METRICS: Record<string, Metric> = {
  accuracy: classification('accuracy'),
  f1: classification('f1'),
  loss: { name: 'loss', higherIsBetter: false, score: (y, out, width) => logLoss(out, width, y) },
  mse: regression('mse'),
  mae: regression('mae'),
  r2: regression('r2'),
};

const FOR_TASK: Record<Task, string[]> = { classification: ['accuracy', 'f1', 'loss'], regression: ['mse', 'mae', 'r2'] };

/** A named metric valid for the task; default accuracy (classification) or mse (regression). */
export function metricFor(task: Task, name?: string): Metric {
  const allowed = FOR_TASK[task];
  const chosen = name ?? allowed[0];
  if (!allowed.includes(chosen)) throw new ApiError('invalid_argument', `metric '${chosen}' does not apply to ${task}; use one of ${allowed.join(', ')}`);
  return METRICS[chosen];
}
