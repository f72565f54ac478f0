/**
 * A worker whose wasm heap grew for one big model is retired after that job,
 * and a fresh worker (a small heap again) takes the next one. Real figures from
 * the workers' own reports; the threshold is lowered for the test so that a
 * model that trains in a second is "big".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import type { ModelSpec } from '../../../main/api/schemas.ts';
import { WORKER_RECYCLE_BYTES } from '../../../main/limits.ts';
import { TrainerPool } from '../../../main/train/pool.ts';
import type { TrainResult } from '../../../main/train/trainer.ts';
import { irisData, makeInput, MLP } from './helpers.ts';

const MiB = 2 ** 20;
/** 4 → 2048 → 2048 → 3: 4.2 M parameters, but iris has 105 training rows, so one epoch is quick. */
const WIDE: ModelSpec = { layers: [{ kind: 'dense', units: 2048, activation: 'relu', useBias: true }, { kind: 'dense', units: 2048, activation: 'relu', useBias: true }] };

test('a worker that grew its wasm heap for a big model is replaced; small jobs then run in a fresh, small worker', async () => {
  const threshold = 48 * MiB;
  assert.ok(threshold < WORKER_RECYCLE_BYTES);
  const pool = new TrainerPool({ size: 1, backend: ['wasm'], recycleAboveBytes: threshold });
  const run = async (spec: ModelSpec, runId: string): Promise<TrainResult> => {
    const input = makeInput(irisData(), { epochs: 1 }, { spec, runId });
    try {
      return await pool.submit(input, () => {}).result;
    } finally {
      rmSync(input.artifactDir, { recursive: true, force: true });
    }
  };
  try {
    const small0 = await run(MLP, 'small0');
    const big = await run(WIDE, 'big');
    const small1 = await run(MLP, 'small1');
    const small2 = await run(MLP, 'small2');
    for (const r of [small0, big, small1, small2]) assert.equal(r.status, 'completed', r.error ?? '');
    const [m0, mb, m1, m2] = [small0, big, small1, small2].map((r) => r.worker!);
    const fmt = (m: typeof mb) => `thread ${m!.threadId}: wasm ${(m!.wasmHeapBytes / MiB).toFixed(0)} MiB, rss ${(m!.rssBytes / MiB).toFixed(0)} MiB`;
    console.log(`small ${fmt(m0)} | big ${fmt(mb)} | after ${fmt(m1)} | ${fmt(m2)}`);
    // The small job leaves the worker alone; the big one grows its heap past the threshold.
    assert.equal(mb!.threadId, m0!.threadId);
    assert.ok(m0!.wasmHeapBytes < threshold, `small heap ${m0!.wasmHeapBytes}`);
    assert.ok(mb!.wasmHeapBytes > threshold, `big heap ${mb!.wasmHeapBytes}`);
    // Retired after the big job: the next job runs in another worker, whose heap is small again.
    assert.equal(pool.retired, 1);
    assert.notEqual(m1!.threadId, mb!.threadId);
    assert.ok(m1!.wasmHeapBytes < mb!.wasmHeapBytes / 2, `fresh heap ${m1!.wasmHeapBytes} vs ${mb!.wasmHeapBytes}`);
    // The process got the retired worker's memory back (resident memory, all threads: 354 → 179 MiB when measured).
    assert.ok(m1!.rssBytes < mb!.rssBytes, `rss ${m1!.rssBytes} after vs ${mb!.rssBytes} with the big worker`);
    // And the fresh worker stays: small jobs do not cause restarts.
    assert.equal(m2!.threadId, m1!.threadId);
    assert.equal(pool.retired, 1);
  } finally {
    await pool.close();
  }
});
