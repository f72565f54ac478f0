/**
 * Small helpers for kernels that run on the wasm backend's heap directly.
 * Our kernels either call other wasm kernels (XNNPACK matmul/conv) or loop
 * over Float32Array views of the heap in JS; both avoid engine overhead and
 * intermediate tensors that the tape would otherwise track.
 */
import * as tf from '@tensorflow/tfjs';
import type { DataType, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';

/** The part of tfjs-backend-wasm's BackendWasm that our kernels use. */
export type WasmBackend = {
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array;
  disposeData(dataId: object): boolean;
  incRef(dataId: object): void;
  /** Where each tensor lives on the heap (byte offset), for our SIMD kernels (simd/module.ts). */
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined; has(dataId: object): boolean };
  /** The emscripten module; single-threaded builds export the heap's memory. */
  wasm?: { asm?: { memory?: WebAssembly.Memory } };
};

/** The kernelFunc that wasm had registered for `name` (captured before we override any). */
export function wasmKernel(name: string): KernelFunc {
  const k = tf.getKernel(name, 'wasm');
  if (!k) throw new Error(`wasm backend has no ${name} kernel`);
  return k.kernelFunc;
}

export function call(kernel: KernelFunc, backend: WasmBackend, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap = {}): TensorInfo {
  return kernel({ inputs, backend: backend as unknown as tf.KernelBackend, attrs }) as TensorInfo;
}

/** A view with a new shape on the same heap memory (refcounted, free with release). */
export function view(backend: WasmBackend, t: TensorInfo, shape: number[]): TensorInfo {
  backend.incRef(t.dataId);
  return { dataId: t.dataId, shape, dtype: t.dtype };
}

export function release(backend: WasmBackend, ...ts: TensorInfo[]): void {
  for (const t of ts) backend.disposeData(t.dataId);
}

/**
 * Heap views go stale when the heap grows, so take them only after every
 * makeOutput of a kernel is done.
 */
export function f32(backend: WasmBackend, t: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(t);
}
