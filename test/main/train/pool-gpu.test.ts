/**
 * The pool and the GPU: a webgpu job waiting for the GPU stays in the pool's
 * queue instead of holding a worker idle, so a CPU job behind it starts on the
 * free worker. Real workers on SwiftShader (as the webgpu tests), skipped with
 * the reason where no adapter loads. The GPU is held by a job parked at an
 * epoch gate for as long as the test needs it; the one time bound (minutes
 * for one epoch of iris) only turns a hang into a failure.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import type { BackendChoice, RunEvent } from '../../../main/api/schemas.ts';
import { createEpochGate, releaseEpoch, type EpochGate } from '../../../main/train/epoch-gate.ts';
import { TrainerPool } from '../../../main/train/pool.ts';
import type { TrainResult } from '../../../main/train/trainer.ts';
import { useWebGpu } from '../backend/webgpu/env.ts';
import { irisData, makeInput } from './helpers.ts';

const gpu = await useWebGpu();
const skip = gpu.skip || undefined;
if (gpu.skip) console.log(`# pool GPU tests skipped: ${gpu.skip}`);

const pools: TrainerPool[] = [];
const dirs: string[] = [];
after(async () => {
  await Promise.all(pools.map((p) => p.close()));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

type Job = { events: RunEvent[]; result: Promise<TrainResult>; done: boolean; gate?: EpochGate };

function submit(pool: TrainerPool, runId: string, backend: BackendChoice | undefined, opts: { epochs?: number; gated?: boolean } = {}): Job {
  const input = makeInput(irisData(), { optimizer: { kind: 'adam', learningRate: 0.05 }, epochs: opts.epochs ?? 1, batchSize: 32 }, { runId, seed: 3 });
  if (backend) input.config.backend = backend;
  if (opts.gated) input.epochGate = createEpochGate();
  dirs.push(input.artifactDir);
  const job: Job = { events: [], result: Promise.resolve({} as TrainResult), done: false, gate: input.epochGate };
  job.result = pool.submit(input, (e) => job.events.push(e)).result.then((r) => {
    job.done = true;
    return r;
  });
  return job;
}

const started = (job: Job) => job.events.find((e): e is Extract<RunEvent, { type: 'started' }> => e.type === 'started');
const epochs = (job: Job) => job.events.filter((e) => e.type === 'epoch').length;
async function until(what: () => boolean): Promise<void> {
  while (!what()) await new Promise((r) => setTimeout(r, 20));
}

/** Before the limit, the CPU job queued behind a waiting GPU job, which waited on a GPU held until this test lets go: a hang. */
const HANG_MS = 180_000;
async function startsBeside(job: Job): Promise<TrainResult> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the CPU job did not run within ${HANG_MS / 1000} s while a GPU job waited for the GPU`)), HANG_MS);
  });
  try {
    return await Promise.race([job.result, hang]);
  } finally {
    clearTimeout(timer);
  }
}

/** Holds the GPU: a webgpu job that trained its first epoch and waits at its gate until released. */
async function holdGpu(pool: TrainerPool, runId: string, backend: BackendChoice | undefined): Promise<Job> {
  const holder = submit(pool, runId, backend, { epochs: 2, gated: true });
  await until(() => epochs(holder) >= 1);
  assert.equal(started(holder)?.backend, 'webgpu');
  return holder;
}

test('with 2 workers, a webgpu job waiting for the GPU does not keep a wasm job from starting', { skip }, async () => {
  const pool = new TrainerPool({ size: 2, backend: ['wasm'], gpuJobs: 1 });
  pools.push(pool);
  const holder = await holdGpu(pool, 'gpu-holder', 'webgpu');
  const waiting = submit(pool, 'gpu-waiting', 'webgpu');
  const cpu = submit(pool, 'cpu-job', 'wasm');
  try {
    const r = await startsBeside(cpu);
    assert.equal(r.status, 'completed', r.error ?? '');
    assert.equal(r.backend, 'wasm');
    assert.equal(started(waiting), undefined, 'the second GPU job has not started: the GPU is still held');
    assert.equal(holder.done, false);
    assert.equal(pool.queued, 1, 'it waits in the queue, not in a worker');
  } finally {
    releaseEpoch(holder.gate!, 2);
  }
  const [rh, rw] = await Promise.all([holder.result, waiting.result]);
  assert.deepEqual([rh.status, rw.status, rw.backend], ['completed', 'completed', 'webgpu'], rw.error ?? '');
});

test("'auto' jobs count as GPU jobs once the workers said they default to webgpu", { skip }, async () => {
  // A pool whose workers default to webgpu (asked for by name, so SwiftShader is allowed).
  const pool = new TrainerPool({ size: 2, backend: ['webgpu'], gpuJobs: 1 });
  pools.push(pool);
  const holder = await holdGpu(pool, 'auto-holder', 'auto');
  const waiting = submit(pool, 'auto-waiting', undefined);
  const cpu = submit(pool, 'cpu-beside', 'cpu');
  try {
    const r = await startsBeside(cpu);
    assert.deepEqual([r.status, r.backend], ['completed', 'cpu'], r.error ?? '');
    assert.equal(started(waiting), undefined);
    assert.equal(pool.queued, 1);
  } finally {
    releaseEpoch(holder.gate!, 2);
  }
  const rw = await waiting.result;
  assert.deepEqual([rw.status, rw.backend], ['completed', 'webgpu'], rw.error ?? '');
  await holder.result;
});
