/**
 * An explain worker thread: picks its tfjs backend as training workers do
 * (initBackend), runs one job (an explanation, job.ts, or one row's attention
 * maps, sequence/attention-job.ts), posts progress at most every PROGRESS_MS
 * and one result or error, and ends. Cancelling terminates
 * the thread (thread.ts), which also hands its wasm memory back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend/select.ts';
import { toWire } from '../data/import-protocol.ts';
import { runExplainJob } from './job.ts';
import { runAttentionJob } from './sequence/attention-job.ts';
import { runForecastJob } from '../forecast/job.ts';
import type { ExplainWorkerData, FromExplainWorker } from './protocol.ts';

/** Progress messages at most this often: a UI's bar needs no more. */
const PROGRESS_MS = 200;

const port = parentPort;
if (!port) throw new Error('explain worker.ts must run in a worker thread');
const { job, backend } = workerData as ExplainWorkerData;
const post = (m: FromExplainWorker) => port.postMessage(m);

try {
  await initBackend(backend).catch(() => tf.setBackend('cpu'));
  await tf.ready();
  let last = 0;
  const onProgress = (done: number, total: number) => {
    const now = performance.now();
    if (now - last < PROGRESS_MS && done < total) return;
    last = now;
    post({ type: 'progress', done, total });
  };
  const result =
    job.kind === 'attention' ? await runAttentionJob(job.input)
    : job.kind === 'forecast' ? await runForecastJob(job.input)
    : await runExplainJob(job.input, { onProgress });
  post({ type: 'done', result });
} catch (error) {
  post({ type: 'error', error: toWire(error) });
}
