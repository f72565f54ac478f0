/**
 * Add of a vector along the last axis (the bias of every conv and dense
 * layer under the gradient tape: [N, H, W, C] + [C]). wasm's Add broadcasts
 * element by element (0.63 ms for the reference CNN's first layer); our SIMD
 * kernel (simd/kernels.as) adds a row at a time. The same float32 sums:
 * one correctly rounded add per element. Other Adds keep wasm's kernel.
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { WasmBackend } from './heap.ts';
import { heapOffset, simdKernels } from './simd/module.ts';

/** [.., C] + [C] (either order): the operands as (matrix, row vector), else null. */
function matrixAndRow(a: TensorInfo, b: TensorInfo): [TensorInfo, TensorInfo] | null {
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return null;
  const isRowOf = (m: TensorInfo, v: TensorInfo) => v.shape.length === 1 && m.shape.length >= 2 && m.shape[m.shape.length - 1] === v.shape[0];
  if (isRowOf(a, b)) return [a, b];
  if (isRowOf(b, a)) return [b, a];
  return null;
}

export function addRowVector(original: KernelFunc): KernelFunc {
  return (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const operands = matrixAndRow(a, b);
    if (!operands) return original(args);
    const [m, v] = operands;
    const backend = args.backend as unknown as WasmBackend;
    const cols = v.shape[0];
    const rows = m.shape.slice(0, -1).reduce((p, q) => p * q, 1);
    const out = backend.makeOutput(m.shape.slice(), 'float32');
    simdKernels(backend).addRowVector(heapOffset(backend, m), heapOffset(backend, v), heapOffset(backend, out), rows, cols);
    return out;
  };
}
