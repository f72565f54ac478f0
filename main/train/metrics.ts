/**
 * Evaluation metrics on plain arrays (no tfjs): the trainer reads predictions back
 * once per evaluation and computes everything here, so the maths is testable
 * without a backend.
 */
// The training loss's clipping, so train, validation and ensemble losses are comparable.
import { PROBABILITY_EPSILON as EPS } from './probability-clip.ts';

export type ClassificationMetrics = {
  accuracy: number;
  /** Macro averages over the classes that occur in yTrue or yPred (see below). */
  precision: number;
  recall: number;
  f1: number;
  /** confusion[true][predicted], numClasses × numClasses. */
  confusion: number[][];
};

export type RegressionMetrics = { mse: number; mae: number; r2: number };

/**
 * yTrue and yPred are class indices (yPred = argmax of the model output).
 *
 * Edge cases, chosen to match scikit-learn's defaults (labels=None, zero_division=0)
 * so numbers can be checked against it and never become NaN:
 * - a class with samples but no predictions has precision 0 (and so f1 0);
 * - a class with predictions but no samples has recall 0 (and so f1 0);
 * - a class absent from both yTrue and yPred is left out of the macro averages:
 *   on a small split a missing class says nothing about the model;
 * - f1 is the mean of the per-class f1 scores, not the f1 of the mean p and r;
 * - empty input gives 0 everywhere.
 */
export function classificationMetrics(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  numClasses: number,
): ClassificationMetrics {
  if (yTrue.length !== yPred.length) throw new Error(`yTrue has ${yTrue.length} values, yPred ${yPred.length}`);
  const confusion: number[][] = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  let correct = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i] as number;
    const p = yPred[i] as number;
    if (t === p) correct++;
    // Out-of-range labels would be a bug upstream; they count as wrong, never throw mid-run.
    if (t >= 0 && t < numClasses && p >= 0 && p < numClasses) (confusion[t] as number[])[p]!++;
  }
  let precisionSum = 0;
  let recallSum = 0;
  let f1Sum = 0;
  let present = 0;
  for (let c = 0; c < numClasses; c++) {
    const tp = (confusion[c] as number[])[c] as number;
    let actual = 0; // row sum: samples of class c
    let predicted = 0; // column sum: predictions of class c
    for (let k = 0; k < numClasses; k++) {
      actual += (confusion[c] as number[])[k] as number;
      predicted += (confusion[k] as number[])[c] as number;
    }
    if (actual === 0 && predicted === 0) continue;
    present++;
    const precision = predicted > 0 ? tp / predicted : 0;
    const recall = actual > 0 ? tp / actual : 0;
    precisionSum += precision;
    recallSum += recall;
    f1Sum += precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  }
  const n = yTrue.length;
  return {
    accuracy: n > 0 ? correct / n : 0,
    precision: present > 0 ? precisionSum / present : 0,
    recall: present > 0 ? recallSum / present : 0,
    f1: present > 0 ? f1Sum / present : 0,
    confusion,
  };
}

/**
 * Mean squared error, mean absolute error and the coefficient of determination.
 * When yTrue is constant, r2 is 1 for a perfect prediction and 0 otherwise
 * (scikit-learn's convention) instead of ±Infinity / NaN.
 */
export function regressionMetrics(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): RegressionMetrics {
  if (yTrue.length !== yPred.length) throw new Error(`yTrue has ${yTrue.length} values, yPred ${yPred.length}`);
  const n = yTrue.length;
  if (n === 0) return { mse: 0, mae: 0, r2: 0 };
  let mean = 0;
  for (let i = 0; i < n; i++) mean += yTrue[i] as number;
  mean /= n;
  let ssRes = 0;
  let absSum = 0;
  let ssTot = 0;
  for (let i = 0; i < n; i++) {
    const t = yTrue[i] as number;
    const d = t - (yPred[i] as number);
    ssRes += d * d;
    absSum += Math.abs(d);
    ssTot += (t - mean) * (t - mean);
  }
  const r2 = ssTot > 0 ? 1 - ssRes / ssTot : ssRes === 0 ? 1 : 0;
  return { mse: ssRes / n, mae: absSum / n, r2 };
}

/**
 * Regression with `width` outputs per row (row-major [rows, width]): mse and mae over every
 * value, r2 the mean of each output's r2 (scikit-learn's 'uniform_average'). width 1 = regressionMetrics.
 */
export function multiOutputRegressionMetrics(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, width: number): RegressionMetrics {
  if (width === 1) return regressionMetrics(yTrue, yPred);
  const rows = Math.floor(yTrue.length / width);
  let mse = 0;
  let mae = 0;
  let r2 = 0;
  for (let k = 0; k < width; k++) {
    const t = Float64Array.from({ length: rows }, (_, r) => yTrue[r * width + k] as number);
    const p = Float64Array.from({ length: rows }, (_, r) => yPred[r * width + k] as number);
    const m = regressionMetrics(t, p);
    mse += m.mse / width;
    mae += m.mae / width;
    r2 += m.r2 / width;
  }
  return { mse, mae, r2 };
}

/** Mean categorical cross-entropy of probabilities [rows × outputs] against class indices, clipped as in training. */
export function logLoss(probs: ArrayLike<number>, outputs: number, labels: ArrayLike<number>): number {
  let sum = 0;
  for (let r = 0; r < labels.length; r++) {
    const p = probs[r * outputs + labels[r]];
    sum -= Math.log(Math.min(Math.max(p, EPS), 1 - EPS));
  }
  return labels.length > 0 ? sum / labels.length : 0;
}

/** Index of the largest value in each row of a row-major [rows, cols] array. */
export function argmaxRows(values: ArrayLike<number>, cols: number): Int32Array {
  const rows = Math.floor(values.length / cols);
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    let bestValue = -Infinity;
    for (let c = 0; c < cols; c++) {
      const v = values[r * cols + c] as number;
      if (v > bestValue) {
        bestValue = v;
        best = c;
      }
    }
    out[r] = best;
  }
  return out;
}
