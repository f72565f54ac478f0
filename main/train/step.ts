/**
 * One optimisation step: forward, loss (+ layer regularisation), gradients,
 * optional clipping, update. Kept apart from the epoch loop because it is the
 * hot path that the benchmark measures and that backends tune.
 */
import * as tf from '@tensorflow/tfjs';
import type { GradientClip } from '../api/schemas.ts';

export type LossKind = 'categorical' | 'mse';

export type TrainStep = (xs: tf.Tensor, ys: tf.Tensor) => number;

export function lossFor(kind: LossKind, labels: tf.Tensor, predictions: tf.Tensor): tf.Scalar {
  if (kind === 'mse') return tf.losses.meanSquaredError(labels, predictions) as tf.Scalar;
  // Labels are class indices; one-hot here keeps the dataset tensors small.
  const depth = predictions.shape[predictions.shape.length - 1] as number;
  const oneHot = tf.oneHot(labels.toInt(), depth);
  // The head ends in softmax: clip to keep log finite.
  const clipped = tf.clipByValue(predictions, 1e-7, 1 - 1e-7);
  return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.log(clipped)), -1))) as tf.Scalar;
}

export function clipGradients(grads: tf.NamedTensorMap, clip: GradientClip | undefined): tf.NamedTensorMap {
  if (!clip) return grads;
  if (clip.kind === 'value') {
    const out: tf.NamedTensorMap = {};
    for (const [name, g] of Object.entries(grads)) out[name] = tf.clipByValue(g, -clip.maxValue, clip.maxValue);
    return out;
  }
  const squares = Object.values(grads).map((g) => tf.sum(tf.square(g)));
  const globalNorm = tf.sqrt(tf.addN(squares));
  const factor = tf.div(clip.maxNorm, tf.maximum(globalNorm, clip.maxNorm));
  const out: tf.NamedTensorMap = {};
  for (const [name, g] of Object.entries(grads)) out[name] = tf.mul(g, factor);
  return out;
}

/** Returns a step function; the returned loss is read back (one sync per step) so NaN is caught at once. */
export function createTrainStep(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  loss: LossKind,
  clip?: GradientClip,
): TrainStep {
  const trainable = model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
  return (xs, ys) =>
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => {
        const predictions = model.apply(xs, { training: true }) as tf.Tensor;
        const base = lossFor(loss, ys, predictions);
        // Regularisers (L1/L2) are closures on the layers; calculateLosses evaluates them inside the tape.
        const regularisation = model.calculateLosses();
        return (regularisation.length ? tf.addN([base, ...regularisation]) : base) as tf.Scalar;
      }, trainable);
      optimizer.applyGradients(clipGradients(grads, clip));
      return value.dataSync()[0] as number;
    });
}
