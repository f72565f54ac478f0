/**
 * MaxPoolGrad for wasm. Its own kernel measured ~10 ms per call on the
 * reference CNN (more than the whole forward pass); a single pass in JS over
 * channels-last memory does it in well under 1 ms.
 * The gradient goes to the first maximum of each window in row-major scan
 * order, as on the cpu backend (and PyTorch), so ties (ReLU zeros) match.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { f32 } from './heap.ts';
import type { WasmBackend } from './heap.ts';

type PoolAttrs = {
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
};

export const maxPoolGrad: KernelFunc = (args) => {
  const backend = args.backend as unknown as WasmBackend;
  const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo };
  const a = args.attrs as unknown as PoolAttrs;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number], a.filterSize, a.strides, 1, a.pad, a.dimRoundingMode);
  const { strideHeight: sh, strideWidth: sw, filterHeight: FH, filterWidth: FW } = info;

  const out = backend.makeOutput(input.shape.slice(), 'float32');
  const x = f32(backend, input);
  const g = f32(backend, dy);
  const dx = f32(backend, out);
  dx.fill(0);
  if (sh >= FH && sw >= FW) nonOverlapping(x, g, dx, info);
  else overlapping(x, g, dx, info);
  return out;
};

/**
 * Windows that do not overlap (the usual pool 2 stride 2): each input element
 * has at most one window, so the gradient is stored, not accumulated, and a
 * channel's maximum is found in registers. Full 2x2 windows, the common case,
 * are unrolled.
 */
function nonOverlapping(x: Float32Array, g: Float32Array, dx: Float32Array, info: tf.backend_util.Conv2DInfo): void {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  const { strideHeight: sh, strideWidth: sw, filterHeight: FH, filterWidth: FW } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const rowStride = W * C;
  let go = 0;
  for (let b = 0; b < B; b++) {
    for (let oh = 0; oh < OH; oh++) {
      const h0 = Math.max(0, oh * sh - top);
      const h1 = Math.min(H, oh * sh - top + FH);
      for (let ow = 0; ow < OW; ow++, go += C) {
        const w0 = Math.max(0, ow * sw - left);
        const w1 = Math.min(W, ow * sw - left + FW);
        const p0 = ((b * H + h0) * W + w0) * C;
        if (h1 - h0 === 2 && w1 - w0 === 2) {
          const p1 = p0 + C;
          const p2 = p0 + rowStride;
          const p3 = p2 + C;
          for (let c = 0; c < C; c++) {
            // Strict > in scan order: the first maximum wins, as on cpu.
            let best = -Infinity;
            let at = -1;
            let v = x[p0 + c];
            if (v > best) { best = v; at = p0 + c; }
            v = x[p1 + c];
            if (v > best) { best = v; at = p1 + c; }
            v = x[p2 + c];
            if (v > best) { best = v; at = p2 + c; }
            v = x[p3 + c];
            if (v > best) { at = p3 + c; }
            if (at >= 0) dx[at] = g[go + c];
          }
          continue;
        }
        for (let c = 0; c < C; c++) {
          let best = -Infinity;
          let at = -1;
          for (let h = h0, ph = p0 + c; h < h1; h++, ph += rowStride) {
            for (let w = w0, q = ph; w < w1; w++, q += C) {
              const v = x[q];
              if (v > best) { best = v; at = q; }
            }
          }
          if (at >= 0) dx[at] = g[go + c];
        }
      }
    }
  }
}

function overlapping(x: Float32Array, g: Float32Array, dx: Float32Array, info: tf.backend_util.Conv2DInfo): void {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  const { strideHeight: sh, strideWidth: sw, filterHeight: FH, filterWidth: FW } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const best = new Float32Array(C);
  const at = new Int32Array(C);
  for (let b = 0; b < B; b++) {
    for (let oh = 0; oh < OH; oh++) {
      const h0 = Math.max(0, oh * sh - top);
      const h1 = Math.min(H, oh * sh - top + FH);
      for (let ow = 0; ow < OW; ow++) {
        const w0 = Math.max(0, ow * sw - left);
        const w1 = Math.min(W, ow * sw - left + FW);
        best.fill(-Infinity);
        at.fill(-1);
        for (let h = h0; h < h1; h++) {
          for (let w = w0; w < w1; w++) {
            const base = ((b * H + h) * W + w) * C;
            for (let c = 0; c < C; c++) {
              const v = x[base + c];
              if (v > best[c]) {
                best[c] = v;
                at[c] = base + c;
              }
            }
          }
        }
        const go = ((b * OH + oh) * OW + ow) * C;
        for (let c = 0; c < C; c++) if (at[c] >= 0) dx[at[c]] += g[go + c];
      }
    }
  }
}
