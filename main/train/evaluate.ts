/**
 * Evaluation of a model on a set of rows: predict in batches (inference mode,
 * so dropout is off and batch norm uses its moving statistics), read the outputs
 * back once per batch, and compute loss and metrics in plain JS (metrics.ts).
 *
 * The loss here is the data loss only (no L1/L2 penalty), like the loss printed by
 * most tools for validation; the training loss reported per batch includes it.
 *
 * Regression with a target transform (hyperparams.targetScaling): the model
 * predicts standardised targets; predictions are mapped back, so mse, mae and
 * r2 are in the target's original units, while `loss` stays in the units the
 * model is trained in (mse / scale²), comparable with the training loss.
 */
import * as tf from '@tensorflow/tfjs';
import { ApiError } from '../api/errors.ts';
import type { MetricValues, TargetScaling, Task } from '../api/schemas.ts';
import { unscaleTargets } from '../data/preprocess.ts';
import { gatherRows, rowSize } from './batches.ts';
import { argmaxRows, classificationMetrics, logLoss, multiOutputRegressionMetrics } from './metrics.ts';

export type Evaluation = { metrics: MetricValues; confusion?: number[][] };

/** Model outputs for the given rows, row-major [rows.length, outputUnits]. */
export function predictRows(
  model: tf.LayersModel,
  x: Float32Array,
  inputShape: number[],
  rows: Int32Array,
  batchSize: number,
): { values: Float32Array; units: number } {
  const size = rowSize(inputShape);
  const chunks: Float32Array[] = [];
  let units = 1;
  for (let start = 0; start < rows.length; start += batchSize) {
    const end = Math.min(start + batchSize, rows.length);
    const batch = gatherRows(x, size, rows, start, end);
    const xs = tf.tensor(batch, [end - start, ...inputShape]);
    const out = model.predict(xs) as tf.Tensor;
    units = out.shape[out.shape.length - 1] ?? 1;
    chunks.push(out.dataSync() as Float32Array);
    tf.dispose([xs, out]);
  }
  const values = new Float32Array(rows.length * units);
  let offset = 0;
  for (const c of chunks) {
    values.set(c, offset);
    offset += c.length;
  }
  return { values, units };
}

/**
 * Classification: loss (categorical cross-entropy), accuracy, precision, recall, f1
 * and the confusion matrix. Regression: loss (= mse), mse, mae, r2.
 */
export function evaluateRows(
  model: tf.LayersModel,
  data: { x: Float32Array; y: Float32Array },
  inputShape: number[],
  rows: Int32Array,
  task: Task,
  numClasses: number,
  batchSize: number,
  /** Regression: the transform the model's outputs are in (absent = original units). `data.y` is always in original units. */
  target?: TargetScaling,
  /** Regression targets per row (a forecast horizon); data.y is then [rows, targetWidth]. */
  targetWidth = 1,
): Evaluation {
  const { values, units } = predictRows(model, data.x, inputShape, rows, batchSize);
  const yTrue = gatherRows(data.y, targetWidth, rows, 0, rows.length);
  if (task === 'regression' && target) {
    // One unit per target: read the first targetWidth columns so a wider output can never misalign rows.
    const raw = units === targetWidth ? values : gatherColumns(values, units, targetWidth);
    return scorePredictions(unscaleTargets(target, raw), targetWidth, yTrue, task, numClasses, target.scale);
  }
  return scorePredictions(values, units, yTrue, task, numClasses);
}

/** The first `width` columns of [rows × units] values. */
function gatherColumns(values: Float32Array, units: number, width: number): Float32Array {
  const rows = values.length / units;
  const out = new Float32Array(rows * width);
  for (let r = 0; r < rows; r++) out.set(values.subarray(r * units, r * units + width), r * width);
  return out;
}

/**
 * Loss and metrics of predictions [rows × units] against the true labels or
 * targets: what a run reports, and what an ensemble (main/ensemble) reports
 * from its combined predictions, so the two are measured alike. Regression
 * predictions are in the target's units; `lossScale` is the target's
 * standardisation scale (loss = mse / scale², the units training works in).
 */
export function scorePredictions(values: Float32Array, units: number, yTrue: Float32Array, task: Task, numClasses: number, lossScale = 1): Evaluation {
  if (task === 'regression') {
    // Regression has one target per output unit (a forecast: one per horizon step); R² is the mean over the units.
    if (yTrue.length !== values.length) throw new ApiError('invalid_argument', `${yTrue.length} targets for ${values.length} predicted values of ${units} output(s) per row`);
    const m = multiOutputRegressionMetrics(yTrue, values, units);
    return { metrics: { loss: m.mse / (lossScale * lossScale), mse: m.mse, mae: m.mae, r2: m.r2 } };
  }
  const m = classificationMetrics(yTrue, argmaxRows(values, units), numClasses);
  return {
    metrics: { loss: logLoss(values, units, yTrue), accuracy: m.accuracy, precision: m.precision, recall: m.recall, f1: m.f1 },
    confusion: m.confusion,
  };
}
