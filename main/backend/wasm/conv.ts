/**
 * Gradients of a regular 2-D convolution (NHWC, dilation 1) for wasm.
 *
 * Conv2DBackpropFilter is missing from tfjs-backend-wasm, and its
 * Conv2DBackpropInput is a naive loop (measured ~10x slower than the forward
 * conv on the reference CNN's second layer). The filter gradient is our SIMD
 * kernel; the input gradient is recast as work XNNPACK does fast, a forward
 * conv with the flipped filter.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { call, f32, release } from './heap.ts';
import type { WasmBackend } from './heap.ts';
import { heapOffset, simdKernels } from './simd/module.ts';

type ConvAttrs = {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat?: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
};

function nhwcOnly(dataFormat: string | undefined): void {
  if (dataFormat === 'NCHW') throw new Error('wasm conv gradients support only NHWC (channelsLast)');
}

/**
 * dW by our SIMD kernel (simd/kernels.as convFilterGrad): a GEMM reading x
 * and dy where they lie, on a zero-padded copy of x when the conv pads.
 * It replaced an im2col matrix and XNNPACK's matmul, whose packing of dy on
 * every call cost more than the products on the reference CNN (first conv:
 * 2.7 -> 0.6 ms per step; figures in the commit).
 */
export const conv2DBackpropFilter: KernelFunc = (args) => {
  const backend = args.backend as unknown as WasmBackend;
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  const attrs = args.attrs as unknown as ConvAttrs & { filterShape: [number, number, number, number] };
  nhwcOnly(attrs.dataFormat);
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], attrs.filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, outChannels: CO } = info;
  const { top, bottom, left, right } = info.padInfo;
  const kernels = simdKernels(backend);
  const padded = top || bottom || left || right ? backend.makeOutput([B, H + top + bottom, W + left + right, C], 'float32') : null;
  if (padded) kernels.padNHWC(heapOffset(backend, x), heapOffset(backend, padded), B, H, W, C, top, bottom, left, right);
  const dw = backend.makeOutput(attrs.filterShape.slice(), 'float32');
  kernels.convFilterGrad(heapOffset(backend, padded ?? x), heapOffset(backend, dy), heapOffset(backend, dw),
    B, H + top + bottom, W + left + right, C, OH, OW, CO, info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth);
  if (padded) release(backend, padded);
  return dw;
};

/**
 * dx of a stride-1 conv is a forward conv of dy with the filter rotated 180°
 * and its in/out channels swapped, padded by (k - 1 - pad) on each side.
 * Strided convs keep wasm's own kernel (correct, slower).
 */
export function conv2DBackpropInput(conv2D: KernelFunc, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const backend = args.backend as unknown as WasmBackend;
    const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
    const attrs = args.attrs as unknown as ConvAttrs & { inputShape: [number, number, number, number] };
    nhwcOnly(attrs.dataFormat);
    const [KH, KW, C, CO] = filter.shape as [number, number, number, number];
    const info = tf.backend_util.computeConv2DInfo(
      attrs.inputShape, [KH, KW, C, CO], attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
    const p = info.padInfo;
    const pads = [KH - 1 - p.top, KH - 1 - p.bottom, KW - 1 - p.left, KW - 1 - p.right];
    if (info.strideHeight !== 1 || info.strideWidth !== 1 || pads.some((v) => v < 0)) return fallback(args);

    const flipped = backend.makeOutput([KH, KW, CO, C], 'float32');
    const w = f32(backend, filter);
    const fw = f32(backend, flipped);
    for (let kh = 0; kh < KH; kh++) {
      for (let kw = 0; kw < KW; kw++) {
        const src = ((KH - 1 - kh) * KW + (KW - 1 - kw)) * C * CO;
        const dst = (kh * KW + kw) * CO * C;
        for (let c = 0; c < C; c++) for (let co = 0; co < CO; co++) fw[dst + co * C + c] = w[src + c * CO + co];
      }
    }
    const pad = [[0, 0], [pads[0], pads[1]], [pads[2], pads[3]], [0, 0]];
    const out = call(conv2D, backend, { x: dy, filter: flipped },
      { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined } as never);
    release(backend, flipped);
    return out;
  };
}
