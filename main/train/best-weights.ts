/**
 * Copies of a model's weight values, for early stopping's "restore best weights".
 *
 * tf.clone shares the underlying data (no copy) and only bumps a reference count;
 * when training later assigns a new value to a variable, the variable moves to new
 * data and the clone keeps the old values. So a snapshot is cheap, and it must be
 * disposed or it pins one weight-set of memory.
 */
import * as tf from '@tensorflow/tfjs';

export type WeightSnapshot = tf.Tensor[];

/** All weights, trainable or not (batch-norm moving statistics belong to "best" too). */
export function snapshotWeights(model: tf.LayersModel): WeightSnapshot {
  return model.weights.map((w) => tf.clone(w.read()));
}

/** Writes a snapshot back into the model's variables. The snapshot stays valid; dispose it separately. */
export function restoreWeights(model: tf.LayersModel, snapshot: WeightSnapshot): void {
  const weights = model.weights;
  if (weights.length !== snapshot.length) throw new Error('weight snapshot does not match the model');
  weights.forEach((w, i) => w.write(snapshot[i] as tf.Tensor));
}

export function disposeSnapshot(snapshot: WeightSnapshot | null): void {
  if (snapshot) tf.dispose(snapshot);
}
