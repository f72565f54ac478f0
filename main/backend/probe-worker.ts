/** Worker entry of probe-thread.ts: runs initBackend once and posts what it found. */
import { parentPort, workerData } from 'node:worker_threads';
import { initBackend } from './select.ts';

const { preference } = (workerData ?? {}) as { preference?: string[] };
try {
  parentPort?.postMessage(await initBackend(preference));
} catch (error) {
  parentPort?.postMessage({ error: (error as Error).message });
}
