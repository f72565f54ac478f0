/**
 * Runs the same job in k worker threads at once and measures total throughput.
 */
import { Worker } from 'node:worker_threads';
import type { JobResult, JobSpec } from './train-job.ts';

export type ParallelResult = { workers: number; results: JobResult[]; wallSeconds: number; totalSamplesPerS: number };

type Msg = { type: 'ready'; backend: string } | { type: 'result'; result: JobResult } | { type: 'error'; error: string };

function start(spec: JobSpec): { worker: Worker; ready: Promise<void>; done: Promise<JobResult> } {
  const worker = new Worker(new URL('./train-worker.ts', import.meta.url), { workerData: spec });
  let onReady!: () => void;
  let fail!: (e: Error) => void;
  const ready = new Promise<void>((res, rej) => ((onReady = res), (fail = rej)));
  const done = new Promise<JobResult>((resolve, reject) => {
    worker.on('message', (m: Msg) => {
      if (m.type === 'ready') onReady();
      else if (m.type === 'result') resolve(m.result);
      else {
        const e = new Error(m.error);
        fail(e);
        reject(e);
      }
    });
    worker.on('error', (e) => (fail(e), reject(e)));
  });
  done.catch(() => {});
  return { worker, ready, done };
}

export async function runParallel(spec: JobSpec, workers: number): Promise<ParallelResult> {
  const jobs = Array.from({ length: workers }, () => start(spec));
  try {
    await Promise.all(jobs.map((j) => j.ready));
    const t0 = performance.now();
    for (const j of jobs) j.worker.postMessage('go');
    const results = await Promise.all(jobs.map((j) => j.done));
    const wallSeconds = (performance.now() - t0) / 1000;
    const total = results.reduce((s, r) => s + r.samples, 0);
    return { workers, results, wallSeconds, totalSamplesPerS: total / wallSeconds };
  } finally {
    await Promise.all(jobs.map((j) => j.worker.terminate()));
  }
}
