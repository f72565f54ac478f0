/**
 * Runs the same job in k worker threads at once and measures total throughput.
 * Worker start-up, backend init and warm-up happen before the clock starts:
 * every worker says 'ready' first, then all get 'go' together.
 */
import { loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { JobResult, JobSpec } from './train-job.ts';

/**
 * `cpuShare`: the workers' mean thread CPU time over wall time in the timed
 * window (1 = each had a core all along); `loadavg`: the 1-minute load
 * average when the timed window started.
 */
export type ParallelResult = {
  workers: number; results: JobResult[]; wallSeconds: number; totalSamplesPerS: number; cpuShare: number; loadavg: number;
};

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
    const load = loadavg()[0];
    const t0 = performance.now();
    for (const j of jobs) j.worker.postMessage('go');
    const results = await Promise.all(jobs.map((j) => j.done));
    const wallSeconds = (performance.now() - t0) / 1000;
    const total = results.reduce((s, r) => s + r.samples, 0);
    const cpuShare = results.reduce((s, r) => s + r.cpuSeconds / r.seconds, 0) / results.length;
    return { workers, results, wallSeconds, totalSamplesPerS: total / wallSeconds, cpuShare, loadavg: load };
  } finally {
    await Promise.all(jobs.map((j) => j.worker.terminate()));
  }
}
