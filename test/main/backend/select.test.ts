import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../main/backend/select.ts';

/** Imports as usual, except that the tfjs-node packages and Dawn (webgpu) are "not installed". */
const withoutTfjsNode = {
  importModule: async (s: string) => {
    if (s.startsWith('@tensorflow/tfjs-node') || s === 'webgpu') {
      throw Object.assign(new Error(`Cannot find package '${s}'`), { code: 'ERR_MODULE_NOT_FOUND' });
    }
    return import(s);
  },
};

test('falls back to wasm when tfjs-node is absent, recording why', async () => {
  delete process.env.MODELBENCH_BACKEND;
  const info = await initBackend(undefined, withoutTfjsNode);
  assert.equal(info.name, 'wasm');
  assert.equal(tf.getBackend(), 'wasm');
  assert.deepEqual(info.tried.map((t) => [t.name, t.available]), [['tensorflow', false], ['webgpu', false], ['wasm', true]]);
  const tfReason = info.tried[0].reason ?? '';
  assert.match(tfReason, /tfjs-node-gpu not installed/);
  assert.match(tfReason, /tfjs-node not installed/);
  assert.equal(info.tried[1].reason, 'webgpu (Dawn) not installed (optional dependency)');
  assert.equal(info.tried[2].reason, 'auto: the first that works of tensorflow → webgpu → wasm → cpu', 'the one used says why it was chosen');
  assert.equal(info.versions.tfjs, tf.version.tfjs);
  assert.match(info.versions['tfjs-backend-wasm'], /^\d+\.\d+\.\d+/);
  // Conv nets can train: our gradient kernel is registered.
  assert.ok(tf.getKernel('Conv2DBackpropFilter', 'wasm'));
});

test('real environment: optional tfjs-node failures are recorded, never thrown', async () => {
  delete process.env.MODELBENCH_BACKEND;
  const info = await initBackend(['tensorflow', 'wasm', 'cpu']);
  const first = info.tried[0];
  assert.equal(first.name, 'tensorflow');
  if (!first.available) {
    assert.ok(first.reason && first.reason.length > 0);
    assert.equal(info.name, 'wasm');
  }
});

test('is idempotent', async () => {
  delete process.env.MODELBENCH_BACKEND;
  const a = await initBackend(['wasm', 'cpu']);
  const b = await initBackend(['wasm', 'cpu']);
  assert.equal(a, b);
  assert.equal(tf.getBackend(), 'wasm');
  assert.equal(a.tried[0].reason, 'the first that works of wasm → cpu');
  const named = await initBackend(['wasm'], undefined, { pickedBy: 'chosen for this run' });
  assert.notEqual(named, a, 'the words are part of the answer: not the cached one of another wish');
  assert.deepEqual(named.tried, [{ name: 'wasm', available: true, reason: 'chosen for this run' }]);
  assert.deepEqual((await initBackend(['wasm'])).tried, [{ name: 'wasm', available: true, reason: 'named' }]);
});

test('MODELBENCH_BACKEND forces a backend, and an unusable one is an error', async () => {
  try {
    process.env.MODELBENCH_BACKEND = 'cpu';
    const info = await initBackend();
    assert.equal(info.name, 'cpu');
    assert.deepEqual(info.tried, [{ name: 'cpu', available: true, reason: 'MODELBENCH_BACKEND=cpu' }]);
    process.env.MODELBENCH_BACKEND = 'webgpu';
    await assert.rejects(initBackend(undefined, withoutTfjsNode), /^Error: MODELBENCH_BACKEND=webgpu cannot be used: webgpu: webgpu \(Dawn\) not installed/);
    process.env.MODELBENCH_BACKEND = 'nonsense';
    await assert.rejects(initBackend(), /MODELBENCH_BACKEND=nonsense cannot be used: nonsense: unknown backend \(known: tensorflow, webgpu, wasm, cpu\)/);
  } finally {
    delete process.env.MODELBENCH_BACKEND;
    await initBackend(['wasm']);
  }
});
