/**
 * Sum over leading axes (bias gradients: [N, H, W, C] → [C]). wasm's Sum
 * reduces only innermost axes, so it transposes the whole input first; our
 * SIMD kernel (simd/kernels.as) accumulates the columns in place instead, in
 * doubles (these sums run over up to ~10^5 terms), in row order: the same
 * numbers as a scalar loop over a Float64Array, which the dense stack's bias
 * gradients use. Other reductions keep wasm's kernel.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { release } from './heap.ts';
import type { WasmBackend } from './heap.ts';
import { heapOffset, simdKernels } from './simd/module.ts';

export function sumLeadingAxes(original: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const { axis, keepDims } = args.attrs as { axis: number | number[]; keepDims?: boolean };
    const rank = x.shape.length;
    const axes = tf.util.parseAxisParam(axis, x.shape).sort((p, q) => p - q);
    const k = axes.length;
    const leading = x.dtype === 'float32' && k > 0 && k < rank && axes.every((v, i) => v === i);
    if (!leading) return original(args);

    const backend = args.backend as unknown as WasmBackend;
    const inner = x.shape.slice(k).reduce((p, q) => p * q, 1);
    const outer = x.shape.slice(0, k).reduce((p, q) => p * q, 1);
    const shape = keepDims ? [...x.shape.slice(0, k).map(() => 1), ...x.shape.slice(k)] : x.shape.slice(k);
    const out = backend.makeOutput(shape, 'float32');
    // Scratch for the double accumulators: two float32 slots per column.
    const acc = backend.makeOutput([2 * inner], 'float32');
    simdKernels(backend).sumLeadingAxes(heapOffset(backend, x), heapOffset(backend, out), heapOffset(backend, acc), outer, inner);
    release(backend, acc);
    return out;
  };
}
