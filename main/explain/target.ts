/**
 * The explained output of each row: a class probability for classification
 * (the predicted class unless one is asked for), the single output for
 * regression.
 */
import { ApiError } from '../api/errors.ts';
import { argmaxRows } from '../train/metrics.ts';
import { predictAll, type Progress } from './batching.ts';
import type { ModelFn, Rows, Target } from './types.ts';

export type ResolvedTargets = {
  /** Output index explained for each row. */
  targets: Int32Array;
  /** That output's value for each row. */
  predictions: Float64Array;
  /** All outputs of the rows (n × outputs), for methods that need them. */
  outputs: Float32Array;
};

export function checkRows(model: ModelFn, rows: Rows): void {
  if (!Number.isInteger(rows.n) || rows.n < 1) throw new ApiError('invalid_argument', `need at least one row to explain, got ${rows.n}`);
  if (rows.x.length !== rows.n * model.features) {
    throw new ApiError(
      'invalid_argument',
      `${rows.n} rows of ${model.features} values need ${rows.n * model.features} values, got ${rows.x.length}`,
    );
  }
}

export function checkTarget(model: ModelFn, target: Target): void {
  if (target === 'predicted') return;
  if (!Number.isInteger(target) || target < 0 || target >= model.outputs) {
    throw new ApiError('invalid_argument', `class ${target} is out of range: the model has ${model.outputs} output${model.outputs === 1 ? '' : 's'} (0..${model.outputs - 1})`);
  }
}

/** The [H, W, C] of an image input shape, or a clear error for a method that needs images. */
export function checkImageShape(inputShape: readonly number[], method: string): [number, number, number] {
  if (inputShape.length !== 3) {
    throw new ApiError(
      'invalid_argument',
      `${method} explains images, but this model takes rows of shape [${inputShape.join(', ')}]; use a tabular method (shap, kernel-shap, lime, integrated-gradients, permutation)`,
    );
  }
  return inputShape as unknown as [number, number, number];
}

export const checkImageModel = (model: ModelFn, method: string): [number, number, number] => checkImageShape(model.inputShape, method);

export async function resolveTargets(model: ModelFn, rows: Rows, target: Target = 'predicted', progress?: Progress): Promise<ResolvedTargets> {
  checkRows(model, rows);
  checkTarget(model, target);
  const outputs = await predictAll(model, rows.x, rows.n, progress);
  const targets = target === 'predicted' ? argmaxRows(outputs, model.outputs) : new Int32Array(rows.n).fill(target);
  const predictions = new Float64Array(rows.n);
  for (let i = 0; i < rows.n; i++) predictions[i] = outputs[i * model.outputs + targets[i]];
  return { targets, predictions, outputs };
}

/** Column `target` of an n × outputs block, as float64. */
export function column(values: Float32Array, outputs: number, target: number): Float64Array {
  const n = values.length / outputs;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = values[i * outputs + target];
  return out;
}
