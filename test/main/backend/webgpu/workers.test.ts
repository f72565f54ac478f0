/**
 * Training workers (main/train/worker.ts through TrainerPool) with a run's own
 * backend: webgpu jobs in wasm workers train on the GPU with the adapter on
 * their 'started' event, take turns on it (one GPU job at a time by default),
 * can be cancelled while they wait for it, and give the same result as each
 * other; an 'auto' job beside them stays on the worker's default backend.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import type { BackendChoice, RunEvent } from '../../../../main/api/schemas.ts';
import { TrainerPool } from '../../../../main/train/pool.ts';
import type { TrainResult } from '../../../../main/train/trainer.ts';
import { irisData, makeInput } from '../../train/helpers.ts';
import { useWebGpu } from './env.ts';

const gpu = await useWebGpu();
const skip = gpu.skip || undefined;
if (gpu.skip) console.log(`# webgpu worker tests skipped: ${gpu.skip}`);

const pool = new TrainerPool({ size: 3, backend: ['wasm'] });
const dirs: string[] = [];
after(async () => {
  await pool.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

type Job = { events: RunEvent[]; startedAt: number; lastEpochAt: number; doneAt: number; result: Promise<TrainResult>; cancel(): void };

function submit(runId: string, backend: BackendChoice | undefined, epochs = 3): Job {
  const input = makeInput(irisData(), { optimizer: { kind: 'adam', learningRate: 0.05 }, epochs, batchSize: 16 }, { runId, seed: 3 });
  if (backend) input.config.backend = backend;
  dirs.push(input.artifactDir);
  const job: Job = { events: [], startedAt: 0, lastEpochAt: 0, doneAt: 0, result: Promise.resolve({} as TrainResult), cancel: () => {} };
  const handle = pool.submit(input, (e) => {
    job.events.push(e);
    if (e.type === 'started') job.startedAt = performance.now();
    if (e.type === 'epoch') job.lastEpochAt = performance.now();
  });
  job.cancel = handle.cancel;
  job.result = handle.result.then((r) => {
    job.doneAt = performance.now();
    return r;
  });
  return job;
}

const started = (job: Job) => job.events.find((e): e is Extract<RunEvent, { type: 'started' }> => e.type === 'started');

test('webgpu jobs take turns on the GPU, record the adapter and agree; an auto job trains on wasm beside them', { skip }, async () => {
  const a = submit('gpu-a', 'webgpu');
  const b = submit('gpu-b', 'webgpu');
  const c = submit('auto-c', 'auto');
  const [ra, rb, rc] = await Promise.all([a.result, b.result, c.result]);
  for (const r of [ra, rb, rc]) assert.equal(r.status, 'completed', r.error ?? '');
  assert.deepEqual([ra.backend, rb.backend, rc.backend], ['webgpu', 'webgpu', 'wasm']);
  for (const job of [a, b]) {
    const s = started(job);
    assert.equal(s?.backend, 'webgpu');
    assert.equal(s?.adapter?.software, true);
    assert.equal(s?.adapter?.architecture, 'swiftshader');
    assert.deepEqual(s?.tried?.map((t) => [t.name, t.available]), [['webgpu', true]]);
    assert.match(s?.tried?.[0].reason ?? '', /^chosen for this run; google swiftshader.*passed the self-test/);
  }
  assert.equal(started(c)?.adapter, null);
  assert.deepEqual(started(c)?.tried, [{ name: 'wasm', available: true, reason: 'named' }], "the pool's own preference");
  // One GPU slot: the second GPU job started training only after the first trained its last epoch.
  const [first, second] = a.startedAt < b.startedAt ? [a, b] : [b, a];
  assert.ok(second.startedAt > first.lastEpochAt, `second GPU job started at ${second.startedAt}, first ended its epochs at ${first.lastEpochAt}`);
  // Same config and seed on the same device: the same numbers.
  assert.equal(ra.metrics.val?.loss, rb.metrics.val?.loss);
  assert.ok(Math.abs((ra.metrics.val?.loss as number) - (rc.metrics.val?.loss as number)) < 1e-4, 'webgpu and wasm agree');
});

test('a webgpu job cancelled while it waits for the GPU ends cancelled without starting', { skip }, async () => {
  const holder = submit('gpu-holder', 'webgpu', 30);
  while (!started(holder)) await new Promise((r) => setTimeout(r, 20));
  const waiting = submit('gpu-waiting', 'webgpu');
  await new Promise((r) => setTimeout(r, 300)); // reaches its worker and waits on the lock
  waiting.cancel();
  const r = await waiting.result;
  assert.equal(r.status, 'cancelled');
  assert.equal(started(waiting), undefined, 'never started');
  assert.ok(waiting.doneAt < holder.doneAt || holder.doneAt === 0, 'did not wait for the holder to finish');
  assert.equal((await holder.result).status, 'completed');
});

test("a job whose chosen backend cannot start fails with the reason and the worker goes on", async () => {
  const job = submit('tf-missing', 'tensorflow', 1);
  const r = await job.result;
  if (r.status === 'completed') return; // tfjs-node is installed here: nothing to refuse
  assert.equal(r.status, 'failed');
  assert.match(r.error ?? '', /^backend 'tensorflow' was chosen for this run but cannot be used: tensorflow: /);
  assert.equal(started(job), undefined);
  const next = await submit('after-refusal', undefined, 1).result;
  assert.equal(next.status, 'completed');
  assert.equal(next.backend, 'wasm');
});
