/**
 * Depthwise conv gradients for wasm (both missing there). Depthwise convs do
 * little arithmetic per byte, so direct loops over the heap are as fast as
 * any recast into matmuls, and they handle stride, padding and dilation alike.
 * Filter layout [KH, KW, C, Q]; output channel of (c, q) is c * Q + q.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { f32 } from './heap.ts';
import type { WasmBackend } from './heap.ts';

type DepthwiseAttrs = {
  strides: number | [number, number];
  dilations: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
};
type Shape4 = [number, number, number, number];

/** Calls visit(xOffset, dyOffset, wOffset) for every (output position, tap) that lands inside x. */
function forEachTap(info: tf.backend_util.Conv2DInfo, visit: (xo: number, dyo: number, wo: number) => void): void {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, outChannels: CO } = info;
  const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const { filterHeight: KH, filterWidth: KW } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  for (let b = 0; b < B; b++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        const dyo = ((b * OH + oh) * OW + ow) * CO;
        for (let kh = 0; kh < KH; kh++) {
          const ih = oh * sh + kh * dh - top;
          if (ih < 0 || ih >= H) continue;
          for (let kw = 0; kw < KW; kw++) {
            const iw = ow * sw + kw * dw - left;
            if (iw < 0 || iw >= W) continue;
            visit(((b * H + ih) * W + iw) * C, dyo, (kh * KW + kw) * CO);
          }
        }
      }
    }
  }
}

export const depthwiseBackpropFilter: KernelFunc = (args) => {
  const backend = args.backend as unknown as WasmBackend;
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  const a = args.attrs as unknown as DepthwiseAttrs & { filterShape: Shape4 };
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as Shape4, a.filterShape, a.strides, a.dilations, a.pad, a.dimRoundingMode, true);
  const out = backend.makeOutput(a.filterShape.slice(), 'float32');
  const xv = f32(backend, x);
  const dyv = f32(backend, dy);
  const dw = f32(backend, out);
  dw.fill(0);
  const C = info.inChannels;
  const Q = info.outChannels / C;
  forEachTap(info, (xo, dyo, wo) => {
    for (let c = 0; c < C; c++) {
      const xc = xv[xo + c];
      const k = c * Q;
      for (let q = 0; q < Q; q++) dw[wo + k + q] += xc * dyv[dyo + k + q];
    }
  });
  return out;
};

export const depthwiseBackpropInput: KernelFunc = (args) => {
  const backend = args.backend as unknown as WasmBackend;
  const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
  const a = args.attrs as unknown as DepthwiseAttrs & { inputShape: Shape4 };
  const info = tf.backend_util.computeConv2DInfo(
    a.inputShape, filter.shape as Shape4, a.strides, a.dilations, a.pad, a.dimRoundingMode, true);
  const out = backend.makeOutput(a.inputShape.slice(), 'float32');
  const dyv = f32(backend, dy);
  const wv = f32(backend, filter);
  const dx = f32(backend, out);
  dx.fill(0);
  const C = info.inChannels;
  const Q = info.outChannels / C;
  forEachTap(info, (xo, dyo, wo) => {
    for (let c = 0; c < C; c++) {
      const k = c * Q;
      let s = 0;
      for (let q = 0; q < Q; q++) s += dyv[dyo + k + q] * wv[wo + k + q];
      dx[xo + c] += s;
    }
  });
  return out;
};
