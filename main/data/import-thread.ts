/**
 * Imports run in worker threads, never on the engine's thread: parsing a 30 MB
 * CSV is seconds of CPU, which on the engine's thread would hold every API
 * call, the job owner's heartbeat and live training events until it ended.
 *
 * One short-lived worker per import (import-worker.ts): a fresh heap each time,
 * so a parse's garbage and any crash go with its thread (an out-of-memory parse
 * fails that import, not the engine). At most MAX_PARALLEL_IMPORTS run at once;
 * the rest wait their turn, first come first served.
 */
import type { ResourceLimits } from 'node:worker_threads';
import { ApiError } from '../api/errors.ts';
import { MAX_PARALLEL_IMPORTS } from '../limits.ts';
import { createTurns } from '../util/turns.ts';
import { startWorker, workerUrl } from '../util/worker-url.ts';
import type { ImportJob } from './import-job.ts';
import { fromWire, type ImportReply, type ImportRequest } from './import-protocol.ts';
import type { ImportedDataset } from './types.ts';

/** import-worker.ts from sources, import-worker.js from dist/, out of app.asar when packaged. */
const WORKER_URL = workerUrl('import-worker', import.meta.url);

const turns = createTurns(MAX_PARALLEL_IMPORTS);

/**
 * Parses `job` in a worker that writes the dataset's files into `dir`; the caller removes `dir` if
 * this rejects. `limits`: the worker's heap limits (Node's defaults unless a test sets them).
 * `signal`: aborting it (the engine is closing) ends the worker and rejects.
 */
export async function importInWorker(job: ImportJob, dir: string, limits?: ResourceLimits, signal?: AbortSignal): Promise<ImportedDataset> {
  await turns.take();
  try {
    if (signal?.aborted) throw stopped();
    return await runWorker({ job, dir }, limits, signal);
  } finally {
    turns.pass();
  }
}

const stopped = () => new ApiError('conflict', 'the import was stopped: Modelbench is closing; import the file again');

/** Imports parsing now and waiting for a turn (for tests and diagnostics). */
export function importsInFlight(): { running: number; waiting: number } {
  return turns.inFlight;
}

function runWorker(request: ImportRequest, limits: ResourceLimits | undefined, signal: AbortSignal | undefined): Promise<ImportedDataset> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const worker = startWorker(WORKER_URL, { workerData: request, resourceLimits: limits });
    const onAbort = () => {
      if (answered) return;
      answered = true;
      void worker.terminate();
      reject(stopped());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.once('exit', () => signal?.removeEventListener('abort', onAbort));
    worker.once('message', (reply: ImportReply) => {
      answered = true;
      if (reply.ok) resolve(reply.dataset);
      else reject(fromWire(reply.error));
    });
    worker.once('error', (error: Error & { code?: string }) => {
      if (answered) return;
      answered = true;
      reject(workerFailed(error));
    });
    worker.once('exit', (code) => {
      if (answered) return;
      answered = true;
      reject(new ApiError('internal', `the import stopped: its worker thread exited (code ${code}) without an answer`));
    });
  });
}

function workerFailed(error: Error & { code?: string }): ApiError {
  if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return new ApiError('too_large', 'the import ran out of memory while parsing the file; split the file, or drop columns or rows you do not need, and import the parts');
  }
  return new ApiError('internal', `the import stopped: its worker thread failed (${error.message})`);
}
