/**
 * Messages between TrainerPool (parent) and a training worker. Plain
 * structured-cloneable objects; typed arrays in TrainInput.data are copied by
 * postMessage, or shared without a copy when they sit on a SharedArrayBuffer.
 */
import type { RunEvent } from '../api/schemas.ts';
import type { TrainInput, TrainResult } from './trainer.ts';

export type WorkerInit = { backend?: string[] };

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
