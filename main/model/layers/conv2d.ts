/**
 * Conv2D: tfjs's own 2-D convolution layer, the same weights, config and
 * class name (saved models and exports cannot tell them apart), that trains
 * with the convolution, its bias and its ReLU as one kernel on wasm
 * (main/backend/wasm/conv-bias-activation.ts): one pass instead of seven
 * kernels per layer and step. Everywhere else, and for what that kernel does
 * not cover (other activations, dilation, channels-first), it is tfjs's layer.
 *
 * Registered under tfjs's name 'Conv2D' (layers/index.ts), so that models
 * loaded from disk (warm starts, distillation teachers) train the same way.
 * Its forward numbers are tfjs's fused inference path's, on every backend.
 */
import * as tf from '@tensorflow/tfjs';
import { canFuseConv, convBiasActivation } from '../../backend/wasm/conv-bias-activation.ts';
import type { FusedConvActivation } from '../../backend/wasm/conv-bias-activation.ts';

/** The fields of tfjs's Conv layer that the fused call reads. */
type ConvFields = {
  kernel: tf.LayerVariable; bias: tf.LayerVariable | null; strides: number[]; padding: string;
  dataFormat: string; dilationRate: number | number[]; activation: { getClassName(): string };
};

type ConvArgs = Parameters<typeof tf.layers.conv2d>[0];

/** tfjs-layers does not export its Conv2D class; its factory's instances carry it. */
const TfjsConv2D = Object.getPrototypeOf(tf.layers.conv2d({ filters: 1, kernelSize: 1 })).constructor as
  new (args: ConvArgs) => tf.layers.Layer;

export class Conv2D extends TfjsConv2D {
  static className = 'Conv2D';

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const activation = fusedActivation(this as unknown as ConvFields, x);
    if (!activation) return super.call(inputs, kwargs);
    const { kernel, bias, strides, padding } = this as unknown as ConvFields;
    return convBiasActivation(x as tf.Tensor4D, kernel.read() as tf.Tensor4D, (bias?.read() ?? null) as tf.Tensor1D | null,
      { strides: [strides[0], strides[1]], pad: padding === 'same' ? 'same' : 'valid', activation });
  }
}

/** The activation to fuse, or null where tfjs's own path runs. */
function fusedActivation(layer: ConvFields, x: tf.Tensor): FusedConvActivation | null {
  if (!canFuseConv() || x.rank !== 4 || x.dtype !== 'float32' || layer.dataFormat !== 'channelsLast') return null;
  const dilation = Array.isArray(layer.dilationRate) ? layer.dilationRate : [layer.dilationRate, layer.dilationRate];
  if (dilation.some((d) => d !== 1) || (layer.padding !== 'same' && layer.padding !== 'valid')) return null;
  const name = layer.activation.getClassName();
  return name === 'relu' || name === 'linear' ? name : null;
}

/** The layer the builder makes for a conv2d spec layer. */
export function conv2d(args: ConvArgs): Conv2D {
  return new Conv2D(args);
}

// Replaces tfjs's own registration: loading a saved model makes this class (fromConfig is inherited).
tf.serialization.registerClass(Conv2D as unknown as tf.serialization.SerializableConstructor<tf.layers.Layer>);
