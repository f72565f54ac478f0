/**
 * The webgpu probe of select.ts: Dawn loads → an adapter exists → it is a
 * hardware GPU, or software and asked for → a device is created and
 * registered → the self-test passes. Each stage runs once per thread (and per
 * importModule, so tests can simulate a missing package); later calls only
 * make the backend current again.
 */
import * as tf from '@tensorflow/tfjs';
import type { GpuAdapter } from '../../api/schemas.ts';
import { packageVersion } from '../package-version.ts';
import { adapterLabel, describeAdapter } from './adapter.ts';
import { registerWebGpuBackend, type WebGpuBackendHandle } from './backend.ts';
import { loadDawn, noAdapterReason, type DawnLoad, type GpuAdapterHandle } from './dawn.ts';
import { SELF_TEST_TOLERANCE, webgpuSelfTest, type SelfTestResult } from './self-test.ts';

type ImportModule = (specifier: string) => Promise<unknown>;
type Failure = { reason: string };
type Found = { handle: GpuAdapterHandle; adapter: GpuAdapter; gpu: unknown };
type ThreadState = {
  dawn?: Promise<DawnLoad>;
  adapter?: Promise<Found | Failure>;
  backend?: Promise<WebGpuBackendHandle | Failure>;
  selfTest?: Promise<SelfTestResult>;
};

const states = new WeakMap<ImportModule, ThreadState>();

const failed = (x: object): x is Failure => 'reason' in x;
const message = (error: unknown) => String((error as Error)?.message ?? error).split('\n')[0];

async function findAdapter(load: Promise<DawnLoad>): Promise<Found | Failure> {
  const dawn = await load;
  if (failed(dawn)) return dawn;
  try {
    const handle = await dawn.gpu.requestAdapter({ powerPreference: 'high-performance' });
    return handle ? { handle, adapter: describeAdapter(handle.info), gpu: dawn.gpu } : { reason: noAdapterReason() };
  } catch (error) {
    return { reason: `no WebGPU adapter: ${message(error)}` };
  }
}

/** `why`: what made the adapter fit to train on, for the run record (select.ts adds how it was picked). */
export type WebGpuProbe = { versions: Record<string, string>; adapter: GpuAdapter; why: string } | { reason: string; adapter?: GpuAdapter };

/**
 * Makes 'webgpu' the current tfjs backend, or says why it cannot be.
 * `allowSoftware`: the user asked for webgpu by name (MODELBENCH_BACKEND, a run's or study's backend).
 */
export async function probeWebGpu(importModule: ImportModule, opts: { allowSoftware: boolean }): Promise<WebGpuProbe> {
  let state = states.get(importModule);
  if (!state) states.set(importModule, (state = {}));
  const s = state;
  const found = await (s.adapter ??= findAdapter((s.dawn ??= loadDawn(importModule))));
  if (failed(found)) return found;
  const { adapter } = found;
  if (adapter.software && !opts.allowSoftware) {
    return {
      reason: `only a software adapter (${adapterLabel(adapter)}): slower than wasm, used only when asked for ` +
        "(MODELBENCH_BACKEND=webgpu, or backend 'webgpu' on a run or study)",
      adapter,
    };
  }
  const backend = await (s.backend ??= registerWebGpuBackend(found.handle, found.gpu, importModule)
    .catch((error: unknown): Failure => ({ reason: `could not create a WebGPU device on ${adapterLabel(adapter)}: ${message(error)}` })));
  if (failed(backend)) return { ...backend, adapter };
  const lost = backend.lost();
  if (lost) return { reason: lost, adapter };
  const check = await (s.selfTest ??= webgpuSelfTest());
  if (!check.passed) return { reason: `${adapterLabel(adapter)}: ${check.reason}`, adapter };
  if (!(await tf.setBackend('webgpu'))) return { reason: "tf.setBackend('webgpu') failed to initialise", adapter };
  await tf.ready();
  return {
    versions: { 'tfjs-backend-webgpu': packageVersion('@tensorflow/tfjs-backend-webgpu'), webgpu: packageVersion('webgpu') },
    adapter,
    why: `${adapterLabel(adapter)}: ${adapter.software ? 'a software GPU, used because webgpu was named' : 'a hardware GPU'}, ` +
      `passed the self-test (largest difference from the cpu backend ${check.worstError.toPrecision(2)}, tolerance ${SELF_TEST_TOLERANCE})`,
  };
}
