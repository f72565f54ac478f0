/** Test double for pool.test.ts: the real training worker, except that a job with runId 'crash' kills the thread. */
import { parentPort } from 'node:worker_threads';

parentPort?.on('message', (m: { type: string; input?: { runId: string } }) => {
  if (m.type === 'run' && m.input?.runId === 'crash') process.exit(3);
});
await import('../../../main/train/worker.ts');
