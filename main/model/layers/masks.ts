/** Helpers for the layers that take an optional padding mask as a second input ([x, mask], mask [batch, T] of 1/0). */
import type * as tf from '@tensorflow/tfjs';

export function splitMasked(inputs: tf.Tensor | tf.Tensor[]): { x: tf.Tensor; mask: tf.Tensor | null } {
  if (!Array.isArray(inputs)) return { x: inputs, mask: null };
  return { x: inputs[0], mask: inputs[1] ?? null };
}

export function firstShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
  return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
}

/** Added to masked scores before a softmax or max: large enough to vanish, small enough to stay finite in float32. */
export const MASKED = -1e9;
