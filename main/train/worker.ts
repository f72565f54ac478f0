/**
 * A training worker thread: picks its default tfjs backend at start (initBackend),
 * then trains the jobs the pool sends, one at a time, posting every RunEvent back.
 * A job whose config names a backend (RunConfig.backend) trains on that one, or
 * fails saying why it cannot (main/backend/job-backend.ts); its 'started' event
 * carries the GPU adapter and the backends tried (why each was skipped, why the
 * one used was chosen). A 'cancel' message aborts that
 * job's AbortController; the trainer yields to the event loop between batches so
 * the message is seen promptly.
 */
import { parentPort, threadId, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import type { BackendChoice } from '../api/schemas.ts';
import { backendForJob, runOnBackend } from '../backend/job-backend.ts';
import { initBackend, type BackendInfo } from '../backend/select.ts';
import { emptyResult, type FromWorker, type ToWorker, type WorkerInit, type WorkerMemory } from './protocol.ts';
import { trainRun } from './trainer.ts';

const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');

const init = (workerData ?? {}) as WorkerInit;
const post = (message: FromWorker): void => port.postMessage(message);

const ready: Promise<void> = (async () => {
  try {
    await initBackend(init.backend);
  } catch {
    // initBackend already falls back to cpu; this only guards against it throwing outright.
    await tf.setBackend('cpu');
  }
  await tf.ready();
  post({ type: 'ready', backend: tf.getBackend() });
})();

/** Measured after every job and sent with its result. */
function memory(): WorkerMemory {
  const heap = (tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm?.HEAPU8?.buffer.byteLength;
  const usage = process.memoryUsage();
  return { threadId, wasmHeapBytes: tf.getBackend() === 'wasm' ? (heap ?? 0) : 0, jsHeapBytes: usage.heapUsed, externalBytes: usage.external, rssBytes: usage.rss };
}

/** The job's own backend choice, else this worker's default (cpu when even that cannot start, as at start-up). */
async function jobBackend(choice: BackendChoice | undefined): Promise<BackendInfo> {
  if (choice && choice !== 'auto') return backendForJob(choice, init.backend);
  try {
    return await backendForJob(undefined, init.backend);
  } catch {
    await tf.setBackend('cpu');
    return { name: 'cpu', tried: [], versions: {} };
  }
}

const controllers = new Map<number, AbortController>();
/** Serialises jobs even if a pool ever sends two: one model on the backend at a time. */
let chain: Promise<void> = ready;

port.on('message', (message: ToWorker) => {
  if (message.type === 'cancel') {
    controllers.get(message.jobId)?.abort();
    return;
  }
  const { jobId, input } = message;
  // Created on arrival, so a cancel that comes before the job starts is not lost.
  const controller = new AbortController();
  controllers.set(jobId, controller);
  chain = chain.then(async () => {
    try {
      const info = await jobBackend(input.config.backend);
      const started = { adapter: info.adapter ?? null, tried: info.tried };
      const result = await runOnBackend(info, controller.signal, () => trainRun(input, {
        signal: controller.signal,
        onEvent: (event) => post({ type: 'event', jobId, event: event.type === 'started' ? { ...event, ...started } : event }),
      }));
      post({ type: 'done', jobId, result: { ...result, worker: memory() } });
    } catch (error) {
      // A chosen backend that cannot start, a cancel while waiting for the GPU, or a failed post.
      const cancelled = controller.signal.aborted;
      post({ type: 'done', jobId, result: emptyResult(cancelled ? 'cancelled' : 'failed', cancelled ? null : error instanceof Error ? error.message : String(error)) });
    } finally {
      controllers.delete(jobId);
    }
  });
});
