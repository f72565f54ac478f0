/**
 * Identity, and Cast to the dtype a tensor already has, share the data
 * (refcounted), as the cpu backend does, instead of copying it as wasm's
 * kernels do. The engine clones every tensor it saves for backprop through
 * Identity (~1.6 ms of copies per CNN step), and every ReLU's gradient casts
 * its float32 input to float32 (0.36 ms). Safe because tfjs never writes into
 * an existing tensor's memory.
 */
import type { DataType, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { WasmBackend } from './heap.ts';

function share(args: Parameters<KernelFunc>[0], x: TensorInfo): TensorInfo {
  (args.backend as unknown as WasmBackend).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

export const sharedIdentity = (original: KernelFunc): KernelFunc => (args) => {
  const { x } = args.inputs as { x: TensorInfo };
  return x.dtype === 'string' ? original(args) : share(args, x);
};

export const sharedCast = (original: KernelFunc): KernelFunc => (args) => {
  const { x } = args.inputs as { x: TensorInfo };
  const { dtype } = args.attrs as { dtype: DataType };
  return x.dtype === dtype && dtype !== 'string' ? share(args, x) : original(args);
};
