/**
 * The backend one training job runs on, in its worker thread: the run's own
 * choice (RunConfig.backend) when it names one, else the worker's default
 * order. A named backend that cannot start fails the job with the reason,
 * never trains it elsewhere; a webgpu job holds its GPU while it trains
 * (webgpu/gpu-lock.ts) and hands tfjs' spare GPU buffers back afterwards.
 */
import type { BackendChoice } from '../api/schemas.ts';
import { initBackend, type BackendInfo, type ProbeDeps } from './select.ts';
import { releaseFreeGpuBuffers } from './webgpu/backend.ts';
import { withGpu } from './webgpu/gpu-lock.ts';

/** Makes the job's backend current. Throws, saying why, when the run named a backend that cannot be used. */
export async function backendForJob(choice: BackendChoice | undefined, workerDefault?: string[], deps?: ProbeDeps): Promise<BackendInfo> {
  if (!choice || choice === 'auto') return initBackend(workerDefault, deps);
  try {
    return await initBackend([choice], deps, { ignoreEnv: true, pickedBy: 'chosen for this run' });
  } catch (error) {
    const why = String((error as Error).message).replace(/^no compute backend could start: /, '');
    throw new Error(`backend '${choice}' was chosen for this run but cannot be used: ${why}`);
  }
}

/** Runs a job on the backend `info` describes: webgpu jobs take turns on their GPU. */
export async function runOnBackend<T>(info: BackendInfo, signal: AbortSignal | undefined, job: () => Promise<T>): Promise<T> {
  if (info.name !== 'webgpu' || !info.adapter) return job();
  try {
    return await withGpu(info.adapter, signal, job);
  } finally {
    releaseFreeGpuBuffers();
  }
}
