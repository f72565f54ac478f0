/**
 * The tfjs adapter: a tf.LayersModel seen as a batched prediction function with
 * input gradients, the only place in main/explain that touches tensors. Calls
 * run in inference mode (dropout off, batch norm on its moving statistics), so
 * rows never interact and a row's gradient is its own. Every tensor is made
 * and disposed inside one tidy; a call's rows are split so activations stay
 * bounded whatever the caller hands in.
 */
import * as tf from '@tensorflow/tfjs';
import { ApiError } from '../api/errors.ts';
import type { DifferentiableModel } from './types.ts';

/** Float32 activations held by one call, forward (gradients keep about as much again). */
const ACTIVATION_BUDGET = 8 * 1024 * 1024;

const product = (dims: readonly (number | null)[]): number => dims.reduce<number>((a, b) => a * (b ?? 1), 1);

/** Rows per tfjs call: the activation budget over the values one row produces across all layers. */
export function rowsPerCall(model: tf.LayersModel): number {
  let perRow = 0;
  for (const layer of model.layers) {
    const shapes = (Array.isArray(layer.outputShape[0]) ? layer.outputShape : [layer.outputShape]) as (number | null)[][];
    for (const s of shapes) perRow += product(s.slice(1));
  }
  return Math.max(16, Math.min(4096, Math.floor(ACTIVATION_BUDGET / Math.max(1, perRow))));
}

export function tfModelFunction(model: tf.LayersModel): DifferentiableModel {
  const inShape = model.inputs[0].shape.slice(1);
  const outShape = model.outputs[0].shape.slice(1);
  if (model.inputs.length !== 1 || model.outputs.length !== 1 || inShape.some((d) => d === null) || outShape.length !== 1) {
    throw new ApiError('invalid_argument', 'explanations need a model with one input of fixed shape and one vector output');
  }
  const inputShape = inShape as number[];
  const features = product(inputShape);
  const outputs = outShape[0] as number;
  const chunk = rowsPerCall(model);

  function inChunks(x: Float32Array, n: number, width: number, run: (xs: tf.Tensor, start: number, count: number) => tf.Tensor): Float32Array {
    if (x.length !== n * features) throw new ApiError('invalid_argument', `expected ${n} rows of ${features} values, got ${x.length}`);
    const out = new Float32Array(n * width);
    for (let start = 0; start < n; start += chunk) {
      const count = Math.min(chunk, n - start);
      const values = tf.tidy(() => run(tf.tensor(x.subarray(start * features, (start + count) * features), [count, ...inputShape]), start, count).dataSync());
      out.set(values, start * width);
    }
    return out;
  }

  return {
    features,
    outputs,
    inputShape,
    predict: (x, n) => inChunks(x, n, outputs, (xs) => model.predictOnBatch(xs) as tf.Tensor),
    gradient: (x, n, targets) =>
      inChunks(x, n, features, (xs, start, count) => {
        const pick = tf.oneHot(tf.tensor1d(targets.subarray(start, start + count), 'int32'), outputs);
        // Σ_i f(x_i)[t_i]: rows are independent, so its gradient's row i is ∇f_{t_i}(x_i).
        return tf.grad((input: tf.Tensor) => tf.sum(tf.mul(model.apply(input, { training: false }) as tf.Tensor, pick)))(xs);
      }),
  };
}
