/**
 * MaxPoolGrad for wasm. Its own kernel measured ~10 ms per call on the
 * reference CNN (more than the whole forward pass). Windows that do not
 * overlap (the usual pool 2 stride 2) go to our SIMD kernel
 * (simd/kernels.as: 0.28 ms for the CNN's first pool, against 3.3 ms for the
 * JS loop it replaced); overlapping windows, rare, to a JS loop.
 * The gradient goes to the first maximum of each window in row-major scan
 * order, as on the cpu backend (and PyTorch), so ties (ReLU zeros) match.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { f32 } from './heap.ts';
import type { WasmBackend } from './heap.ts';
import { heapOffset, simdKernels } from './simd/module.ts';

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
  if (sh >= FH && sw >= FW) {
    const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
    const { top, left } = info.padInfo;
    // The kernel writes every element a window covers; zero the rest first (none for the usual exact tiling).
    if (sh !== FH || sw !== FW || top !== 0 || left !== 0 || OH * FH !== H || OW * FW !== W) f32(backend, out).fill(0);
    simdKernels(backend).maxPoolGradNonOverlapping(heapOffset(backend, input), heapOffset(backend, dy), heapOffset(backend, out),
      B, H, W, C, OH, OW, FH, FW, sh, sw, top, left);
    return out;
  }
  const dx = f32(backend, out);
  dx.fill(0);
  overlapping(f32(backend, input), f32(backend, dy), dx, info);
  return out;
};

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
