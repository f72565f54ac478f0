/**
 * A 2-D convolution with its bias and ReLU (or no activation) as one kernel
 * under the gradient tape, on wasm.
 *
 * tfjs fuses conv + bias + activation only outside a gradient tape; inside
 * one (every training step) a conv layer runs as Conv2D, Add and Relu, and
 * back through Cast, Step, Multiply and Sum: seven kernels and three passes
 * over the layer's output besides the convolutions. Here the forward pass is
 * wasm's own FusedConv2D (XNNPACK adds the bias and clamps in the GEMM's
 * epilogue, as in inference), and the backward pass is one SIMD pass for the
 * ReLU mask and the bias gradient (simd/kernels.as biasActivationGrad), then
 * the two conv gradient kernels, each run only if the tape needs it (the
 * first layer's input gradient is not).
 *
 * main/model/layers/conv2d.ts runs its layers through convBiasActivation.
 */
import * as tf from '@tensorflow/tfjs';
import type { GradConfig, KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import type { WasmBackend } from './heap.ts';
import { release } from './heap.ts';
import { heapOffset, simdKernels } from './simd/module.ts';

export const CONV_BIAS_ACTIVATION = 'ModelbenchConv2DBiasActivation';
export const BIAS_ACTIVATION_GRAD = 'ModelbenchBiasActivationGrad';

/** The activations fused here: those whose derivative the one backward pass computes. */
export type FusedConvActivation = 'relu' | 'linear';

export type ConvBiasActivationAttrs = {
  strides: [number, number];
  pad: 'same' | 'valid';
  activation: FusedConvActivation;
};

/** y = activation(conv(x, filter) + bias) through wasm's FusedConv2D: the numbers of tfjs's own fused (inference) path. */
function forward(fusedConv2D: KernelFunc): KernelFunc {
  return (args) => {
    const a = args.attrs as unknown as ConvBiasActivationAttrs;
    return fusedConv2D({
      ...args,
      attrs: { strides: a.strides, pad: a.pad, dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined, activation: a.activation, leakyreluAlpha: 0 } as unknown as NamedAttrMap,
    });
  };
}

/** [dz, db]: the gradient at the pre-activation (dy itself for 'linear') and the bias gradient. */
const biasActivationGrad: KernelFunc = (args) => {
  const backend = args.backend as unknown as WasmBackend;
  const { dy, y } = args.inputs as { dy: TensorInfo; y: TensorInfo };
  const relu = (args.attrs as { activation: FusedConvActivation }).activation === 'relu';
  const cols = dy.shape[dy.shape.length - 1];
  const rows = dy.shape.slice(0, -1).reduce((p, q) => p * q, 1);
  const dz = relu ? backend.makeOutput(dy.shape.slice(), 'float32') : null;
  const db = backend.makeOutput([cols], 'float32');
  const acc = backend.makeOutput([2 * cols], 'float32'); // doubles, two float32 slots each
  simdKernels(backend).biasActivationGrad(heapOffset(backend, dy), heapOffset(backend, y), dz ? heapOffset(backend, dz) : 0,
    heapOffset(backend, db), heapOffset(backend, acc), rows, cols, relu ? 1 : 0);
  release(backend, acc);
  if (!dz) backend.incRef(dy.dataId); // 'linear': dz is dy, shared
  return [dz ?? { dataId: dy.dataId, shape: dy.shape, dtype: dy.dtype }, db];
};

const gradient: GradConfig = {
  kernelName: CONV_BIAS_ACTIVATION,
  inputsToSave: ['x', 'filter'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [x, filter, y] = saved;
    const a = attrs as unknown as ConvBiasActivationAttrs;
    const [dz, db] = tf.engine().runKernel(BIAS_ACTIVATION_GRAD, { dy: dy as tf.Tensor, y }, { activation: a.activation }) as tf.Tensor[];
    const conv = { strides: a.strides, pad: a.pad, dataFormat: 'NHWC', dimRoundingMode: undefined };
    return {
      x: () => tf.engine().runKernel('Conv2DBackpropInput', { dy: dz, filter }, { ...conv, inputShape: x.shape } as unknown as NamedAttrMap) as tf.Tensor,
      filter: () => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy: dz }, { ...conv, filterShape: filter.shape } as unknown as NamedAttrMap) as tf.Tensor,
      bias: () => db,
    };
  },
};

/** The kernels (wasm) and the gradient. `fusedConv2D`: wasm's own FusedConv2D kernel. */
export function convBiasActivationKernels(fusedConv2D: KernelFunc): { kernels: KernelConfig[]; gradient: GradConfig } {
  return {
    kernels: [
      { kernelName: CONV_BIAS_ACTIVATION, backendName: 'wasm', kernelFunc: forward(fusedConv2D) },
      { kernelName: BIAS_ACTIVATION_GRAD, backendName: 'wasm', kernelFunc: biasActivationGrad },
    ],
    gradient,
  };
}

/** Whether convBiasActivation runs on the current backend (the kernels are wasm's only). */
export function canFuseConv(): boolean {
  return tf.getBackend() === 'wasm' && tf.getKernel(CONV_BIAS_ACTIVATION, 'wasm') !== undefined;
}

/** activation(conv(x, filter) + bias), NHWC, dilation 1; one tape node. Call only when canFuseConv(). */
export function convBiasActivation(x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor1D | null, attrs: ConvBiasActivationAttrs): tf.Tensor4D {
  const inputs: Record<string, tf.Tensor> = { x, filter };
  if (bias) inputs.bias = bias;
  return tf.engine().runKernel(CONV_BIAS_ACTIVATION, inputs, attrs as unknown as NamedAttrMap) as tf.Tensor4D;
}
