/**
 * Identity shares the data (refcounted), as the cpu backend does, instead of
 * copying it as wasm's kernel does. The engine clones every tensor it saves
 * for backprop through Identity, so the copies cost ~1.6 ms per CNN step.
 * Safe because tfjs never writes into an existing tensor's memory.
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { WasmBackend } from './heap.ts';

export const sharedIdentity = (original: KernelFunc): KernelFunc => (args) => {
  const { x } = args.inputs as { x: TensorInfo };
  if (x.dtype === 'string') return original(args);
  (args.backend as unknown as WasmBackend).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
};
