/**
 * [x, mask] → x with its padded steps set to zero. The builder puts it before
 * layers that mix neighbouring steps but know nothing of masks (conv1d,
 * pooling), so a padded step looks to them exactly like their own zero
 * padding, and the amount of padding cannot change what real tokens produce.
 */
import * as tf from '@tensorflow/tfjs';
import { firstShape, splitMasked } from './masks.ts';

export class MaskSteps extends tf.layers.Layer {
  static className = 'MaskSteps';

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return firstShape(inputShape);
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const { x, mask } = splitMasked(inputs);
      return mask ? tf.mul(x, tf.expandDims(mask, -1)) : x;
    });
  }
}

tf.serialization.registerClass(MaskSteps);
