/**
 * Pooling over time: [batch, T, D] (+ optional mask [batch, T]) → [batch, D].
 * 'avg' averages the tokens the mask keeps, 'max' takes the largest over them,
 * 'first' takes token 0 (a class-token head). Without a mask every step counts.
 */
import * as tf from '@tensorflow/tfjs';
import { firstShape, MASKED, splitMasked } from './masks.ts';

export type TimePool = 'avg' | 'max' | 'first';

export class GlobalPool1D extends tf.layers.Layer {
  static className = 'GlobalPool1D';
  readonly pool: TimePool;

  constructor(args: { pool: TimePool; name?: string }) {
    super(args);
    this.pool = args.pool;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = firstShape(inputShape);
    return [shape[0], shape[2]];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const { x, mask } = splitMasked(inputs);
      if (this.pool === 'first') return tf.squeeze(tf.slice(x, [0, 0, 0], [-1, 1, -1]), [1]);
      if (!mask) return this.pool === 'avg' ? tf.mean(x, 1) : tf.max(x, 1);
      const m = tf.expandDims(mask, -1);
      if (this.pool === 'avg') return tf.div(tf.sum(tf.mul(x, m), 1), tf.maximum(tf.sum(m, 1), 1));
      return tf.max(tf.add(x, tf.mul(tf.sub(1, m), MASKED)), 1);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), pool: this.pool };
  }
}

tf.serialization.registerClass(GlobalPool1D);
