import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { probeTrainingBackends } from '../../../main/backend/probe-thread.ts';

test('a worker thread reports the backends a training worker would try, leaving this thread alone', async () => {
  await tf.setBackend('cpu');
  const info = await probeTrainingBackends();
  assert.ok(!('error' in info), JSON.stringify(info));
  assert.deepEqual(info.tried.map((t) => t.name).slice(0, 2), ['tensorflow', 'webgpu']);
  assert.ok(info.tried.every((t) => t.available || (t.reason ?? '').length > 0), 'every skipped backend says why');
  assert.equal(info.tried.at(-1)?.available, true);
  assert.equal(info.name, info.tried.at(-1)?.name);
  assert.equal(tf.getBackend(), 'cpu', "the caller's backend is unchanged");
  const named = await probeTrainingBackends(['wasm']);
  assert.ok(!('error' in named) && named.name === 'wasm');
  const refused = await probeTrainingBackends(['nonsense']);
  assert.match('error' in refused ? refused.error : '', /no compute backend could start: nonsense: unknown backend/);
});

test('a probe that does not answer in time says so instead of hanging', async () => {
  const slow = await probeTrainingBackends(undefined, 1);
  assert.match('error' in slow ? slow.error : '', /took more than 0\.001 s/);
});
