/**
 * A frozen affine map of the inputs, per feature or per channel, as standard
 * tfjs layers (so tf.loadLayersModel loads it without custom classes):
 *
 *   y = γ·(x − μ) + β
 *
 * as a BatchNormalization layer in inference form with moving mean μ, moving
 * variance 1 − ε and ε = 2⁻¹⁰ (a power of two, so var + ε is exactly 1 in
 * float32). Per-feature maps of inputs with more than one axis go through
 * Reshape → BatchNormalization → Reshape. Used for an ensemble member's
 * preprocessing inside the merged graph (x − center)/scale, and to undo a
 * student's preprocessing before a teacher that takes raw features.
 */
import * as tf from '@tensorflow/tfjs';
import { ApiError } from '../api/errors.ts';

/** ε of the BatchNormalization: (1 − ε) + ε is exactly 1 in float32. */
export const AFFINE_EPSILON = 2 ** -10;

export type Affine = {
  /** One per group: per feature (all values of a row, flattened) or per channel (the last axis). */
  mean: ArrayLike<number>;
  gamma: ArrayLike<number>;
  beta: ArrayLike<number>;
  perChannel: boolean;
};

/**
 * Applies the map to `x` (per-sample shape `inputShape`); `pending` receives
 * the weight assignment, to run once the whole graph is built.
 */
export function frozenAffine(x: tf.SymbolicTensor, inputShape: number[], affine: Affine, name: string, pending: (() => void)[]): tf.SymbolicTensor {
  const features = inputShape.reduce((a, b) => a * b, 1);
  const groups = affine.perChannel ? inputShape[inputShape.length - 1] : features;
  if (affine.mean.length !== groups || affine.gamma.length !== groups || affine.beta.length !== groups) {
    throw new ApiError('invalid_argument', `${name}: an affine map of ${affine.mean.length} entries for inputs that need ${groups}`);
  }
  const reshape = !affine.perChannel && inputShape.length > 1;
  let y = x;
  if (reshape) y = tf.layers.reshape({ name: `${name}_flatten`, targetShape: [groups] }).apply(y) as tf.SymbolicTensor;
  const bn = tf.layers.batchNormalization({ name, axis: -1, epsilon: AFFINE_EPSILON, trainable: false });
  y = bn.apply(y) as tf.SymbolicTensor;
  pending.push(() => {
    const weights = [tf.tensor1d(Float32Array.from(affine.gamma)), tf.tensor1d(Float32Array.from(affine.beta)), tf.tensor1d(Float32Array.from(affine.mean)), tf.fill([groups], 1 - AFFINE_EPSILON)];
    bn.setWeights(weights);
    tf.dispose(weights);
  });
  if (reshape) y = tf.layers.reshape({ name: `${name}_restore`, targetShape: inputShape }).apply(y) as tf.SymbolicTensor;
  return y;
}
