/**
 * Backend choice with a software adapter present (SwiftShader): never picked by
 * default, picked when asked for, with the adapter recorded; a run's own backend
 * wins over MODELBENCH_BACKEND; a named backend that cannot start fails the job.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { backendForJob } from '../../../../main/backend/job-backend.ts';
import { initBackend } from '../../../../main/backend/select.ts';
import { useWebGpu } from './env.ts';

const gpu = await useWebGpu();
const skip = gpu.skip || undefined;
if (gpu.skip) console.log(`# webgpu selection tests skipped: ${gpu.skip}`);

test('a software adapter is skipped by the default order, with the adapter named in the reason', { skip }, async () => {
  delete process.env.MODELBENCH_BACKEND;
  const info = await initBackend();
  assert.equal(info.name, 'wasm');
  const webgpu = info.tried.find((t) => t.name === 'webgpu');
  assert.equal(webgpu?.available, false);
  assert.match(webgpu?.reason ?? '', /^only a software adapter \(google swiftshader.*SwiftShader driver.*\): slower than wasm, used only when asked for/);
  assert.equal(info.adapter, undefined);
});

test('asked for by name, the software adapter trains: webgpu current, adapter and versions recorded', { skip }, async () => {
  for (const ask of [() => initBackend(['webgpu', 'wasm']), async () => {
    process.env.MODELBENCH_BACKEND = 'webgpu';
    try {
      return await initBackend();
    } finally {
      delete process.env.MODELBENCH_BACKEND;
    }
  }]) {
    const info = await ask();
    assert.equal(info.name, 'webgpu');
    assert.equal(tf.getBackend(), 'webgpu');
    assert.equal(info.adapter?.software, true);
    assert.equal(info.adapter?.architecture, 'swiftshader');
    assert.match(info.versions['tfjs-backend-webgpu'], /^4\.22\./);
    assert.match(info.versions.webgpu, /^0\.6\./);
  }
});

test('the backend used says why: how it was picked, the adapter, that it is software, and the self-test it passed', { skip }, async () => {
  const info = await initBackend(['webgpu', 'wasm']);
  assert.deepEqual(info.tried.map((t) => [t.name, t.available]), [['webgpu', true]]);
  assert.match(info.tried[0].reason ?? '', new RegExp(
    '^the first that works of webgpu → wasm; google swiftshader.*SwiftShader driver.*: a software GPU, used because webgpu was named, ' +
    'passed the self-test \\(largest difference from the cpu backend [0-9.e+-]+, tolerance 0\\.001\\)$'));
  const forRun = await backendForJob('webgpu', ['wasm']);
  assert.match(forRun.tried[0].reason ?? '', /^chosen for this run; google swiftshader/);
});

test("a run's backend wins over MODELBENCH_BACKEND; 'auto' keeps the worker's default", { skip }, async () => {
  process.env.MODELBENCH_BACKEND = 'cpu';
  try {
    const chosen = await backendForJob('webgpu', ['wasm']);
    assert.equal(chosen.name, 'webgpu');
    assert.equal(tf.getBackend(), 'webgpu');
    assert.equal((await backendForJob('wasm')).name, 'wasm');
    assert.equal((await backendForJob('auto', ['wasm'])).name, 'cpu', 'the env still forces the default');
    delete process.env.MODELBENCH_BACKEND;
    const auto = await backendForJob(undefined, undefined);
    assert.equal(auto.name, 'wasm');
    assert.deepEqual(auto.tried.map((t) => [t.name, t.available]), [['tensorflow', false], ['webgpu', false], ['wasm', true]]);
  } finally {
    delete process.env.MODELBENCH_BACKEND;
  }
});

test('a named backend that cannot start fails the job with the reason, instead of training elsewhere', async () => {
  const absent = { importModule: async (s: string) => { throw Object.assign(new Error(`Cannot find package '${s}'`), { code: 'ERR_MODULE_NOT_FOUND' }); } };
  await assert.rejects(backendForJob('tensorflow', ['wasm'], absent),
    /^Error: backend 'tensorflow' was chosen for this run but cannot be used: tensorflow: @tensorflow\/tfjs-node-gpu not installed/);
  await assert.rejects(backendForJob('webgpu', ['wasm'], absent),
    /^Error: backend 'webgpu' was chosen for this run but cannot be used: webgpu: webgpu \(Dawn\) not installed \(optional dependency\)$/);
});
