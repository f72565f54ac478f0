/**
 * Knowledge-distillation loss (Hinton et al., 2015):
 *
 *   L = α · T² · KL( softmax(z_t / T) ‖ softmax(z_s / T) ) + (1 − α) · CE( softmax(z_s), y )
 *
 * z_t / z_s are teacher / student logits, T the temperature (T > 1 softens the
 * teacher's distribution so the relative odds of wrong classes, the "dark
 * knowledge", carry signal), α the weight of the soft term. T² keeps the soft
 * term's gradient on the same scale as the hard term whatever T is (the soft
 * gradients shrink as 1/T²).
 *
 * Everything is computed from logits with logSoftmax, which is stable for large
 * logits (no log of a clipped probability).
 */
import * as tf from '@tensorflow/tfjs';

export type DistillWeights = { temperature: number; alpha: number };

/**
 * Mean over the batch; `labels` are class indices [N] (floats, as the trainer stores them).
 * Not wrapped in tidy: it runs inside the step's gradient tape, whose caller tidies up.
 */
export function distillationLoss(studentLogits: tf.Tensor, teacherLogits: tf.Tensor, labels: tf.Tensor, w: DistillWeights): tf.Scalar {
  const classes = studentLogits.shape[studentLogits.shape.length - 1] as number;
  const t = w.temperature;
  const logPt = tf.logSoftmax(tf.div(teacherLogits, t));
  const logPs = tf.logSoftmax(tf.div(studentLogits, t));
  // KL(p_t || p_s) = Σ p_t (log p_t − log p_s), averaged over the batch.
  const kl = tf.mean(tf.sum(tf.mul(tf.exp(logPt), tf.sub(logPt, logPs)), -1));
  const oneHot = tf.oneHot(tf.cast(labels, 'int32'), classes);
  const hard = tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.logSoftmax(studentLogits)), -1)));
  const soft = tf.mul(kl, w.alpha * t * t);
  return tf.add(soft, tf.mul(hard, 1 - w.alpha)) as tf.Scalar;
}
