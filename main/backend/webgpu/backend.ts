/**
 * tfjs-backend-webgpu on a Dawn adapter, registered as tfjs' 'webgpu' backend
 * in this thread, with two changes for Node:
 * - readSync (dataSync, arraySync) reads back through sync-read.ts instead of
 *   the browser-only OffscreenCanvas path;
 * - releaseFreeGpuBuffers() gives the buffers tfjs keeps for reuse back to the
 *   driver, so a worker's GPU memory after a job is what the next job needs,
 *   not the high-water mark of every model it trained.
 *
 * The package is imported before `navigator.gpu` exists, so it registers its
 * kernels but not its own backend factory (which would ask Dawn for an adapter
 * of its choosing): we create the device on the adapter we probed.
 */
import * as tf from '@tensorflow/tfjs';
import type { GpuAdapterHandle, GpuDevice, GpuLimits } from './dawn.ts';
import { registerWebGpuKernels } from './kernels.ts';
import { mapReadSync } from './sync-read.ts';

type StagingBuffer = {
  readonly size: number;
  readonly mapState: string;
  mapAsync(mode: number): Promise<void>;
  getMappedRange(): ArrayBuffer;
  unmap(): void;
  destroy(): void;
};
type TensorData = {
  values: tf.backend_util.BackendValues | null;
  dtype: tf.DataType | 'complex64';
  resource: StagingBuffer | null;
  complexTensorInfos?: { real: tf.TensorInfo; imag: tf.TensorInfo };
};
/** The internals of tfjs-backend-webgpu 4.22's WebGPUBackend that this module uses. */
type WebGpuInternals = tf.KernelBackend & {
  tensorMap: { get(dataId: object): TensorData };
  bufferManager: {
    acquireBuffer(size: number, usage: number): StagingBuffer;
    releaseBuffer(buffer: StagingBuffer, reuse?: boolean): void;
    freeBuffers: Map<string, StagingBuffer[]>;
    numFreeBuffers: number;
    numBytesAllocated: number;
  };
  commandEncoder: { copyBufferToBuffer(src: unknown, srcOffset: number, dst: unknown, dstOffset: number, size: number): void };
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
  submitQueue(): void;
  convertAndCacheOnCPU(dataId: object, values: tf.backend_util.BackendValues): tf.backend_util.BackendValues;
  readSync(dataId: object): tf.backend_util.BackendValues;
};
type WebGpuModule = { WebGPUBackend: new (device: GpuDevice, adapterInfo: unknown) => WebGpuInternals };

const gpuConstant = (group: string, name: string): number =>
  ((globalThis as Record<string, unknown>)[group] as Record<string, number>)[name];

/** Copies a tensor's GPU buffer to a staging buffer and reads it, blocking. */
function readBufferSync(backend: WebGpuInternals, buffer: StagingBuffer): ArrayBuffer {
  const staging = backend.bufferManager.acquireBuffer(buffer.size, gpuConstant('GPUBufferUsage', 'COPY_DST') | gpuConstant('GPUBufferUsage', 'MAP_READ'));
  backend.ensureCommandEncoderReady();
  backend.endComputePassEncoder();
  backend.commandEncoder.copyBufferToBuffer(buffer, 0, staging, 0, buffer.size);
  backend.submitQueue();
  let ok = false;
  try {
    mapReadSync(staging, gpuConstant('GPUMapMode', 'READ'));
    const bytes = staging.getMappedRange().slice(0);
    staging.unmap();
    ok = true;
    return bytes;
  } finally {
    // A buffer whose map failed or is still pending cannot be reused: destroy it.
    backend.bufferManager.releaseBuffer(staging, ok);
  }
}

/** WebGPUBackend.readSync for Node: the same result as its async read(), without a canvas. */
function readSync(this: WebGpuInternals, dataId: object): tf.backend_util.BackendValues {
  const data = this.tensorMap.get(dataId);
  if (data.values != null || data.dtype === 'string') return data.values as tf.backend_util.BackendValues;
  let values: tf.backend_util.BackendValues;
  if (data.dtype === 'complex64') {
    const { real, imag } = data.complexTensorInfos as { real: tf.TensorInfo; imag: tf.TensorInfo };
    values = tf.backend_util.mergeRealAndImagArrays(this.readSync(real.dataId) as Float32Array, this.readSync(imag.dataId) as Float32Array);
  } else {
    values = tf.util.convertBackendValuesAndArrayBuffer(readBufferSync(this, data.resource as StagingBuffer), data.dtype);
  }
  return this.convertAndCacheOnCPU(dataId, values);
}

/** The adapter's own maxima, as tfjs' factory asks: tfjs sizes its shaders and workgroups from them. */
function requiredLimits(limits: GpuLimits): GpuLimits {
  const names = ['maxComputeWorkgroupStorageSize', 'maxComputeWorkgroupsPerDimension', 'maxStorageBufferBindingSize',
    'maxBufferSize', 'maxComputeWorkgroupSizeX', 'maxComputeInvocationsPerWorkgroup'];
  return Object.fromEntries(names.filter((n) => typeof limits[n] === 'number').map((n) => [n, limits[n]]));
}

export type WebGpuBackendHandle = {
  device: GpuDevice;
  /** Set once the device is lost (driver reset, GPU removed); the backend is unusable after that. */
  lost(): string | null;
};

/**
 * Creates a device on `adapter` and registers it as tfjs' 'webgpu' backend in
 * this thread (not made current: select.ts does that). Once per thread.
 */
export async function registerWebGpuBackend(
  adapter: GpuAdapterHandle,
  gpu: unknown,
  importModule: (specifier: string) => Promise<unknown>,
): Promise<WebGpuBackendHandle> {
  const { WebGPUBackend } = (await importModule('@tensorflow/tfjs-backend-webgpu')) as WebGpuModule;
  registerWebGpuKernels();
  // WebGPUBackend's constructor checks navigator.gpu; defined only now (see the module comment). Node 24's navigator is a getter-only object.
  if (!('gpu' in globalThis.navigator)) Object.defineProperty(globalThis.navigator, 'gpu', { value: gpu, configurable: true });
  const device = await adapter.requestDevice({ requiredLimits: requiredLimits(adapter.limits) });
  let lostReason: string | null = null;
  void device.lost.then((info) => {
    lostReason = `the GPU device was lost (${info.reason}): ${info.message}`;
  });
  const backend = new WebGPUBackend(device, adapter.info);
  backend.readSync = readSync;
  if (tf.findBackend('webgpu')) tf.removeBackend('webgpu');
  tf.registerBackend('webgpu', () => backend as unknown as tf.KernelBackend);
  return { device, lost: () => lostReason };
}

/** Gives the reusable buffers tfjs keeps back to the driver; returns their bytes. Call between jobs. */
export function releaseFreeGpuBuffers(): number {
  const backend = tf.findBackend('webgpu') as WebGpuInternals | null;
  if (!backend) return 0;
  const manager = backend.bufferManager;
  let bytes = 0;
  // Empty the lists but keep their keys: releaseBuffer() stops tracking buffers once the map itself is empty.
  for (const buffers of manager.freeBuffers.values()) {
    for (const buffer of buffers.splice(0)) {
      bytes += buffer.size;
      buffer.destroy();
    }
  }
  manager.numFreeBuffers = 0;
  manager.numBytesAllocated -= bytes;
  return bytes;
}
