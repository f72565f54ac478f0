/**
 * What a training worker would train on, asked of a short-lived worker thread
 * (probe-worker.ts), so that the caller's own tfjs backend and thread stay as
 * they are: for app.info, which the UI uses to say which backends are usable
 * here and why not. Never rejects: a probe that fails or times out says so.
 */
import { startWorker, workerUrl } from '../util/worker-url.ts';
import type { BackendInfo } from './select.ts';

/** The first probe of webgpu compiles the self-test's shaders: ~2 s on a software GPU. */
export const PROBE_TIMEOUT_MS = 60_000;

export type BackendProbeResult = BackendInfo | { error: string };


export function probeTrainingBackends(preference?: string[], timeoutMs = PROBE_TIMEOUT_MS): Promise<BackendProbeResult> {
  return new Promise((resolve) => {
    // probe-worker.ts from sources, probe-worker.js from dist/, out of app.asar when packaged.
    const worker = startWorker(workerUrl('probe-worker', import.meta.url), { workerData: { preference } });
    const finish = (result: BackendProbeResult) => {
      clearTimeout(timer);
      resolve(result);
      void worker.terminate();
    };
    const timer = setTimeout(() => finish({ error: `the backend probe took more than ${timeoutMs / 1000} s` }), timeoutMs);
    worker.once('message', (m: BackendProbeResult) => finish(m));
    worker.once('error', (e) => finish({ error: `the backend probe failed: ${e.message}` }));
    worker.once('exit', (code) => finish({ error: `the backend probe exited with code ${code}` }));
  });
}
