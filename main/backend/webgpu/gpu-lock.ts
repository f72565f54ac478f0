/**
 * Several training workers share one GPU safely by taking turns: a webgpu job
 * trains while it holds one of the adapter's slots, a Web Lock shared by every
 * worker thread of this process (released by the runtime if its worker dies).
 *
 * One slot per GPU by default: every worker would otherwise keep its own copy
 * of its model, activations and tfjs' buffer pool on the same GPU memory, and
 * a GPU time-slices between processes' queues rather than adding throughput
 * (tfjs also reads the loss back every step, which stalls each queue in turn).
 * MODELBENCH_GPU_JOBS=N lets N jobs share a GPU at once (small models on a big
 * GPU may gain from it; not measured here, as no GPU is available to us).
 * Jobs on other backends never wait for these locks.
 */
import { threadId } from 'node:worker_threads';
import type { GpuAdapter } from '../../api/schemas.ts';

export const MAX_GPU_JOBS = 16;

/** Jobs one GPU trains at once: MODELBENCH_GPU_JOBS (1..16), default 1. */
export function gpuJobSlots(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.MODELBENCH_GPU_JOBS);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, MAX_GPU_JOBS) : 1;
}

export function gpuLockName(adapter: GpuAdapter, slot: number): string {
  return `modelbench-gpu:${adapter.vendor}/${adapter.architecture}/${adapter.device}#${slot}`;
}

/**
 * Runs `fn` holding a slot of `adapter`: a free one at once if there is one, else
 * waits in line for one. `signal` aborts the wait (the job was cancelled); fn then never runs.
 */
export async function withGpu<T>(adapter: GpuAdapter, signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T> {
  const slots = gpuJobSlots();
  for (let slot = 0; slot < slots; slot++) {
    let held = false;
    const out = await navigator.locks.request(gpuLockName(adapter, slot), { ifAvailable: true }, async (lock) => {
      if (!lock) return undefined;
      held = true;
      return fn();
    });
    if (held) return out as T;
  }
  // Spread the waiting workers over the slots.
  return navigator.locks.request(gpuLockName(adapter, threadId % slots), { signal }, fn);
}
