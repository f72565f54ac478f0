/**
 * An ensemble's compute runs in its own worker thread, never on the engine's
 * thread: member predictions on every validation (and training, test) row,
 * the selection and stacking maths over those prediction matrices, the merge
 * into one graph and its measurement. For conv members on image data these
 * are seconds to minutes of tfjs work, which on the engine's thread would hold
 * every API call, the job owner's heartbeat and live training events.
 *
 * One worker per running ensemble job (worker.ts), rather than a job kind in
 * the training pool, for the reasons explanations have one (explain/thread.ts):
 * - the pool's FIFO belongs to runs, and an ensemble's own members are queued
 *   there: stacking's fold predictions would wait behind its other folds' training;
 * - the worker keeps the members it loaded between the method's predictions
 *   and the merge (one load each), and its wasm memory goes back when it ends;
 * - stopping (cancel, shutdown) terminates it at once, even inside a tfjs call.
 * It predicts on the training workers' backend (wasm, webgpu) instead of the
 * engine thread's cpu backend. It idles while members train in the pool, so
 * it costs memory (the dataset, the loaded members), not cores, meanwhile.
 *
 * The method runs in the worker; members are still runs of the one run
 * lifecycle: the worker asks, `hooks.trainMember` (the job, on the engine's
 * thread) starts and awaits the run, and answers with its folder.
 */
import { ApiError } from '../../api/errors.ts';
import { fromWire, toWire } from '../../data/import-protocol.ts';
import type { FinishedModel } from '../finish.ts';
import type { EnsembleBuild, MemberTraining } from '../index.ts';
import { startWorker, workerUrl } from '../../util/worker-url.ts';
import type { EnsembleWorkerData, FromEnsembleWorker, ToEnsembleWorker } from './protocol.ts';

const WORKER_URL = workerUrl('worker', import.meta.url);

export type EnsembleThreadHooks = {
  /** Trains one member as a run; resolves once it completed. Its rejection (e.g. the job was cancelled) is what `built` rejects with. */
  trainMember(request: MemberTraining): Promise<{ runId: string; dir: string }>;
  progress(note: string): void;
};

export type EnsembleThread = {
  /** The method's build: members, combiner, report. */
  readonly built: Promise<EnsembleBuild>;
  /** After `built`: merges, measures and evaluates the model into `dir`. */
  finish(dir: string): Promise<FinishedModel>;
  /** Ends the thread now; what is pending rejects with `reason`. */
  stop(reason: Error): void;
};

export function startEnsembleThread(data: EnsembleWorkerData, hooks: EnsembleThreadHooks): EnsembleThread {
  const worker = startWorker(WORKER_URL, { workerData: data });
  let stopped: Error | null = null;
  /** The first member that could not be trained: the reason the method failed, with its class (MemberStopped) kept. */
  let memberFailure: Error | null = null;
  let pending: { resolve(value: never): void; reject(error: Error): void } | null = null;
  const send = (m: ToEnsembleWorker) => {
    if (!stopped) worker.postMessage(m);
  };
  const stop = (reason: Error) => {
    if (stopped) return;
    stopped = reason;
    void worker.terminate();
    pending?.reject(reason);
    pending = null;
  };
  /** The worker's next answer ('built', then 'finished'): one at a time. */
  const nextAnswer = <T>(): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (stopped) reject(stopped);
      else pending = { resolve: resolve as (v: never) => void, reject };
    });
  const settle = (value: unknown) => {
    const p = pending;
    pending = null;
    p?.resolve(value as never);
  };

  const built = nextAnswer<EnsembleBuild>();
  worker.on('message', (m: FromEnsembleWorker) => {
    if (stopped) return;
    if (m.type === 'train') {
      hooks.trainMember(m.request).then(
        ({ runId, dir }) => send({ type: 'trained', call: m.call, runId, dir }),
        (error: Error) => {
          memberFailure ??= error;
          send({ type: 'train-failed', call: m.call, error: toWire(error) });
        },
      );
    } else if (m.type === 'progress') hooks.progress(m.note);
    else if (m.type === 'built') settle(m.build);
    else if (m.type === 'finished') settle(m.model);
    else stop(memberFailure ?? fromWire(m.error));
  });
  worker.once('error', (error: Error & { code?: string }) =>
    stop(error.code === 'ERR_WORKER_OUT_OF_MEMORY'
      ? new ApiError('too_large', 'the ensemble ran out of memory while predicting or merging its members; use fewer or smaller members')
      : new ApiError('internal', `the ensemble's worker thread failed (${error.message})`)),
  );
  worker.once('exit', (code) => stop(new ApiError('internal', `the ensemble's worker thread exited (code ${code}) without an answer`)));

  return {
    built,
    async finish(dir) {
      await built;
      const model = nextAnswer<FinishedModel>();
      send({ type: 'finish', dir });
      return model;
    },
    stop,
  };
}
