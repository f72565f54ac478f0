/**
 * Our SIMD kernels (kernels.as), instantiated on the wasm backend's own
 * memory: pointers are the byte offsets of tensors on tfjs's heap, so the
 * kernels work in place. One instance per heap (a new backend has a new one).
 */
import type { TensorInfo } from '@tensorflow/tfjs';
import type { WasmBackend } from '../heap.ts';
import { KERNELS_WASM_BASE64 } from './binary.ts';

/** The exports of kernels.as; every pointer is a byte offset on the heap. */
export type SimdKernels = {
  maxPoolGradNonOverlapping(x: number, g: number, dx: number, B: number, H: number, W: number, C: number, OH: number, OW: number,
    fh: number, fw: number, sh: number, sw: number, top: number, left: number): void;
  sumLeadingAxes(x: number, out: number, acc: number, rows: number, cols: number): void;
  addRowVector(x: number, bias: number, out: number, rows: number, cols: number): void;
  biasActivationGrad(dy: number, y: number, dz: number, db: number, acc: number, rows: number, cols: number, relu: number): void;
  convFilterGrad(x: number, dy: number, dw: number, B: number, H: number, W: number, C: number, OH: number, OW: number, CO: number,
    KH: number, KW: number, sh: number, sw: number): void;
  padNHWC(x: number, out: number, B: number, H: number, W: number, C: number, top: number, bottom: number, left: number, right: number): void;
};

let compiled: WebAssembly.Module | null = null;
const instances = new WeakMap<WebAssembly.Memory, SimdKernels>();

/** tfjs-backend-wasm's heap: the single-threaded builds export their memory. */
function heapMemory(backend: WasmBackend): WebAssembly.Memory {
  const memory = backend.wasm?.asm?.memory;
  if (!(memory instanceof WebAssembly.Memory)) {
    throw new Error('tfjs-backend-wasm exposes no heap memory (a threaded build?): our SIMD kernels cannot run on it');
  }
  return memory;
}

export function simdKernels(backend: WasmBackend): SimdKernels {
  const memory = heapMemory(backend);
  let k = instances.get(memory);
  if (!k) {
    compiled ??= new WebAssembly.Module(Buffer.from(KERNELS_WASM_BASE64, 'base64'));
    k = new WebAssembly.Instance(compiled, { env: { memory } }).exports as unknown as SimdKernels;
    instances.set(memory, k);
  }
  return k;
}

/** Byte offset of a tensor's data on the heap. */
export function heapOffset(backend: WasmBackend, t: TensorInfo): number {
  const data = backend.dataIdMap.get(t.dataId);
  if (!data) throw new Error('tensor is not on the wasm heap');
  return data.memoryOffset;
}
