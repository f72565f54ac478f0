/**
 * TrainerPool: runs trainRun in worker_threads so training never blocks the
 * engine's thread (the UI host, the database, the API). N workers, a FIFO queue,
 * one job per worker at a time.
 *
 * Data: TrainInput travels by postMessage. Its Float32Arrays are copied once by
 * structured clone (the caller's arrays stay usable); arrays backed by a
 * SharedArrayBuffer are shared without a copy. The trainer never writes to them.
 *
 * Every job ends with one resolved result; the result promise never rejects.
 * The pool reports the worker's progress events and never a 'finished' one:
 * that is announced once, by the run lifecycle (main/run/lifecycle.ts), after
 * the final state is stored.
 * - cancelled while queued → 'cancelled' without starting;
 * - cancelled while running → the worker aborts it between batches → 'cancelled';
 * - the worker dies (crash, out of memory) → 'failed' with the reason, and a fresh
 *   worker takes its place for the rest of the queue;
 * - close() → queued and running jobs end 'interrupted'.
 *
 * A worker whose wasm heap grew past `recycleAboveBytes` (WORKER_RECYCLE_BYTES)
 * for one big model is retired after that job: wasm memory never shrinks, and
 * a fresh worker is started when work next arrives.
 *
 * GPU jobs take turns on the GPU (main/backend/webgpu/gpu-lock.ts). A worker
 * handed one while the GPU is full would sit idle waiting for it, so at most
 * `gpuJobs` (MODELBENCH_GPU_JOBS, default 1) jobs that will train on webgpu are
 * handed out at once; the queue's CPU jobs go to the other workers meanwhile,
 * and the waiting GPU jobs keep their order.
 */
import type { Worker } from 'node:worker_threads';
import type { RunEvent } from '../api/schemas.ts';
import { gpuJobSlots } from '../backend/webgpu/gpu-lock.ts';
import { WORKER_RECYCLE_BYTES } from '../limits.ts';
import { emptyResult, type FromWorker, type ToWorker, type WorkerInit } from './protocol.ts';
import type { TrainInput, TrainResult } from './trainer.ts';
import { startWorker, workerUrl } from '../util/worker-url.ts';

type Job = {
  id: number;
  input: TrainInput;
  onEvent: (e: RunEvent) => void;
  resolve: (r: TrainResult) => void;
  settled: boolean;
};

type Slot = { worker: Worker; job: Job | null; dead: boolean };

export class TrainerPool {
  readonly size: number;
  #backend: string[] | undefined;
  #workerFile: URL;
  #slots: Slot[] = [];
  #queue: Job[] = [];
  #nextId = 1;
  #closed = false;
  #recycleAboveBytes: number;
  #gpuJobs: number;
  /** The backend the workers train 'auto' jobs on, once the first one said (its 'ready' message). */
  #workerBackend: string | null = null;
  /** Workers retired for their memory so far. */
  retired = 0;

  /**
   * `workerFile` replaces worker.ts (tests use it to simulate a crashing worker).
   * `gpuJobs`: webgpu jobs handed out at once (default: gpuJobSlots(), the GPU lock's slots).
   */
  constructor(opts: { size: number; backend?: string[]; workerFile?: URL; recycleAboveBytes?: number; gpuJobs?: number }) {
    this.size = Math.max(1, Math.floor(opts.size));
    this.#recycleAboveBytes = opts.recycleAboveBytes ?? WORKER_RECYCLE_BYTES;
    this.#gpuJobs = Math.max(1, Math.floor(opts.gpuJobs ?? gpuJobSlots()));
    this.#backend = opts.backend;
    this.#workerFile = opts.workerFile ?? workerUrl('worker', import.meta.url);
  }

  submit(input: TrainInput, onEvent: (e: RunEvent) => void): { result: Promise<TrainResult>; cancel(): void } {
    if (this.#closed) throw new Error('TrainerPool is closed');
    let resolve!: (r: TrainResult) => void;
    const result = new Promise<TrainResult>((r) => (resolve = r));
    const job: Job = { id: this.#nextId++, input, onEvent, resolve, settled: false };
    this.#queue.push(job);
    this.#pump();
    return { result, cancel: () => this.#cancel(job) };
  }

  /** Jobs waiting for a worker. */
  get queued(): number {
    return this.#queue.length;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const job of this.#queue.splice(0)) this.#settle(job, emptyResult('interrupted', 'the trainer pool was closed'));
    const slots = this.#slots.splice(0);
    for (const slot of slots) {
      slot.dead = true;
      if (slot.job) this.#settle(slot.job, emptyResult('interrupted', 'the trainer pool was closed'));
    }
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  #cancel(job: Job): void {
    if (job.settled) return;
    const queuedAt = this.#queue.indexOf(job);
    if (queuedAt >= 0) {
      this.#queue.splice(queuedAt, 1);
      this.#settle(job, emptyResult('cancelled', null));
      return;
    }
    const slot = this.#slots.find((s) => s.job === job);
    slot?.worker.postMessage({ type: 'cancel', jobId: job.id } satisfies ToWorker);
  }

  /**
   * Whether a job will train on the GPU: it chose webgpu, or it goes with the
   * workers' default and that is webgpu. Before any worker has said its
   * default, an 'auto' job counts as a CPU job (at worst it waits for the GPU
   * in its worker, as every GPU job did before this limit).
   */
  #onGpu(job: Job): boolean {
    const choice = job.input.config.backend;
    return choice === 'webgpu' || ((choice === undefined || choice === 'auto') && this.#workerBackend === 'webgpu');
  }

  /** Hands queued jobs to idle workers, starting workers up to `size`; GPU jobs only while the GPU has a free slot. */
  #pump(): void {
    while (!this.#closed && this.#queue.length > 0) {
      const gpuFull = this.#slots.filter((s) => s.job && this.#onGpu(s.job)).length >= this.#gpuJobs;
      const next = gpuFull ? this.#queue.findIndex((j) => !this.#onGpu(j)) : 0;
      if (next < 0) return;
      let slot = this.#slots.find((s) => !s.job && !s.dead);
      if (!slot) {
        if (this.#slots.length >= this.size) return;
        slot = this.#spawn();
      }
      const [job] = this.#queue.splice(next, 1);
      slot.job = job;
      slot.worker.postMessage({ type: 'run', jobId: job.id, input: job.input } satisfies ToWorker);
    }
  }

  #spawn(): Slot {
    const worker = startWorker(this.#workerFile, { workerData: { backend: this.#backend } satisfies WorkerInit });
    const slot: Slot = { worker, job: null, dead: false };
    worker.on('message', (m: FromWorker) => this.#onMessage(slot, m));
    worker.on('error', (error) => this.#onDeath(slot, `training worker crashed: ${error.message}`));
    worker.on('exit', (code) => this.#onDeath(slot, `training worker exited with code ${code}`));
    this.#slots.push(slot);
    return slot;
  }

  #onMessage(slot: Slot, m: FromWorker): void {
    if (m.type === 'ready') {
      this.#workerBackend ??= m.backend;
      return;
    }
    const job = slot.job;
    if (!job || m.jobId !== job.id) return;
    if (m.type === 'event') {
      this.#emit(job, m.event);
      return;
    }
    slot.job = null;
    this.#settle(job, m.result);
    if ((m.result.worker?.wasmHeapBytes ?? 0) > this.#recycleAboveBytes) this.#retire(slot);
    this.#pump();
  }

  /** Ends an idle worker on purpose (its memory goes back to the system); #pump starts a fresh one on demand. */
  #retire(slot: Slot): void {
    slot.dead = true;
    this.#slots = this.#slots.filter((s) => s !== slot);
    this.retired++;
    void slot.worker.terminate();
  }

  #onDeath(slot: Slot, reason: string): void {
    if (slot.dead) return; // 'error' is followed by 'exit'; close() terminates on purpose
    slot.dead = true;
    this.#slots = this.#slots.filter((s) => s !== slot);
    const job = slot.job;
    slot.job = null;
    if (job) this.#settle(job, emptyResult('failed', reason));
    void slot.worker.terminate();
    this.#pump(); // spawns a replacement if work is waiting
  }

  #settle(job: Job, result: TrainResult): void {
    if (job.settled) return;
    job.settled = true;
    job.resolve(result);
  }

  #emit(job: Job, event: RunEvent): void {
    try {
      job.onEvent(event);
    } catch {
      // A listener's bug must not break the pool's bookkeeping.
    }
  }
}
