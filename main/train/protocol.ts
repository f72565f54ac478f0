/**
 * Messages between TrainerPool (parent) and a training worker. Plain
 * structured-cloneable objects; typed arrays in TrainInput.data are copied by
 * postMessage, or shared without a copy when they sit on a SharedArrayBuffer.
 */
import type { RunEvent } from '../api/schemas.ts';
import type { TrainInput, TrainResult } from './trainer.ts';

export type WorkerInit = { backend?: string[] };

/**
 * A worker's memory after a job, sent with its result (worker.ts measures it).
 * wasmHeapBytes is what the pool decides on: the wasm backend's heap grows to
 * fit the largest model the worker has trained and never shrinks, so only a
 * fresh worker gives it back (TrainerPool retires one above WORKER_RECYCLE_BYTES).
 */
export type WorkerMemory = {
  threadId: number;
  /** The wasm backend's linear memory (0 on other backends). */
  wasmHeapBytes: number;
  /** This worker's V8 heap in use. */
  jsHeapBytes: number;
  /** Memory outside the V8 heap held by this worker's objects (ArrayBuffers: the cpu backend's tensors). */
  externalBytes: number;
  /** The whole process's resident memory, all threads. */
  rssBytes: number;
};

export type ToWorker =
  | { type: 'run'; jobId: number; input: TrainInput }
  | { type: 'cancel'; jobId: number };

export type FromWorker =
  | { type: 'ready'; backend: string }
  | { type: 'event'; jobId: number; event: RunEvent }
  | { type: 'done'; jobId: number; result: TrainResult };

/** The result of a job that never trained (cancelled in the queue, crashed worker, closed pool). */
export function emptyResult(status: TrainResult['status'], error: string | null): TrainResult {
  return { status, metrics: {}, epochsDone: 0, error, backend: '', paramCount: 0, flops: 0, recipe: null };
}
