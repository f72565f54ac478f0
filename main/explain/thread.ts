/**
 * Explanations run in worker threads, never on the engine's thread: they are
 * seconds to minutes of model evaluations. One short-lived worker per job
 * (worker.ts), as imports do, rather than a job kind in the training pool:
 * - the pool's slots belong to runs (a study keeps them all busy), and an
 *   explanation asked for from the UI should not wait behind twenty trials;
 * - each job loads another run's model, so a warm worker saves little (its
 *   backend starts in well under a second), while a fresh one gives its wasm
 *   memory back when it ends (wasm memory never shrinks);
 * - cancel terminates the thread at once, even inside a long tfjs call.
 * At most MAX_PARALLEL_EXPLANATIONS run at once; the rest wait their turn.
 */
import { ApiError } from '../api/errors.ts';
import { fromWire } from '../data/import-protocol.ts';
import { MAX_PARALLEL_EXPLANATIONS } from '../limits.ts';
import { createTurns } from '../util/turns.ts';
import { startWorker, workerUrl } from '../util/worker-url.ts';
import type { ExplainJobInput } from './job.ts';
import type { ExplainWorkerData, ExplainWorkerJob, FromExplainWorker } from './protocol.ts';
import type { ExplanationResult } from './request.ts';
import type { AttentionJobInput, AttentionJobResult } from './sequence/attention-job.ts';
import type { ForecastJobInput } from '../forecast/job.ts';
import type { ForecastResult } from '../forecast/types.ts';

/** worker.ts from sources, worker.js from dist/, out of app.asar when packaged. */
const WORKER_URL = workerUrl('worker', import.meta.url);

const turns = createTurns(MAX_PARALLEL_EXPLANATIONS);

export type ExplainThreadOptions = {
  /** The tfjs backend order of the engine's training workers (e.g. ['cpu'] in tests). */
  backend?: string[];
  onProgress?(done: number, total: number): void;
  /** Aborting terminates the worker; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
};

/** Explanation jobs running and waiting for a turn. */
export const explanationsInFlight = () => turns.inFlight;

export const explainInWorker = (input: ExplainJobInput, options: ExplainThreadOptions = {}) =>
  inTurn<ExplanationResult>({ kind: 'explain', input }, options);

/** One row's attention maps (a short job, in an explain worker like an explanation: it loads a run's model). */
export const attentionInWorker = (input: AttentionJobInput, options: ExplainThreadOptions = {}) =>
  inTurn<AttentionJobResult>({ kind: 'attention', input }, options);

/** A forecasting run's forecasts over a split (main/forecast/job.ts): a pass of predictions, in an explain worker for the same reason. */
export const forecastInWorker = (input: ForecastJobInput, options: ExplainThreadOptions = {}) =>
  inTurn<ForecastResult>({ kind: 'forecast', input }, options);

async function inTurn<R>(job: ExplainWorkerJob, options: ExplainThreadOptions): Promise<R> {
  await turns.take();
  try {
    options.signal?.throwIfAborted();
    return (await runWorker({ job, backend: options.backend }, options)) as R;
  } finally {
    turns.pass();
  }
}

function runWorker(data: ExplainWorkerData, options: ExplainThreadOptions): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const worker = startWorker(WORKER_URL, { workerData: data });
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      outcome();
      void worker.terminate();
    };
    const onAbort = () => finish(() => reject(options.signal?.reason));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: FromExplainWorker) => {
      if (m.type === 'progress') {
        if (!settled) options.onProgress?.(m.done, m.total);
      } else if (m.type === 'done') finish(() => resolve(m.result));
      else finish(() => reject(fromWire(m.error)));
    });
    worker.once('error', (error: Error & { code?: string }) =>
      finish(() =>
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new ApiError('too_large', 'the explanation ran out of memory; explain fewer rows, or use a smaller background')
            : new ApiError('internal', `the explanation stopped: its worker thread failed (${error.message})`),
        ),
      ),
    );
    worker.once('exit', (code) => finish(() => reject(new ApiError('internal', `the explanation stopped: its worker thread exited (code ${code}) without an answer`))));
  });
}
