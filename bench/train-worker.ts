/**
 * Worker entry: prepares a job (warm-up included), says 'ready', waits for
 * 'go' so that parallel workers time the same wall-clock window, then reports.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { prepareJob } from './train-job.ts';
import type { JobSpec } from './train-job.ts';

const port = parentPort;
if (!port) throw new Error('bench/train-worker.ts must run in a worker thread');
try {
  const job = await prepareJob(workerData as JobSpec);
  port.postMessage({ type: 'ready', backend: job.backend });
  port.once('message', () => {
    const result = job.run();
    job.dispose();
    port.postMessage({ type: 'result', result });
  });
} catch (err) {
  port.postMessage({ type: 'error', error: String((err as Error)?.stack ?? err) });
}
