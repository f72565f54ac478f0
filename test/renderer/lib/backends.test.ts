import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunConfig } from '../../../main/api/schemas.ts';
import { backendOptions, runBackendText, withBackend } from '../../../renderer/src/lib/backends.ts';

test('backend options: every choice, auto naming what the engine picks, unavailable ones with the reason', () => {
  const none = backendOptions([]);
  assert.deepEqual(none.map((o) => o.value), ['auto', 'tensorflow', 'webgpu', 'wasm', 'cpu']);
  assert.equal(none[0].label, 'Auto');
  const tried = [
    { name: 'tensorflow', available: false, reason: '@tensorflow/tfjs-node not installed' },
    { name: 'webgpu', available: false, reason: 'only a software adapter (google swiftshader)' },
    { name: 'wasm', available: true },
  ];
  const opts = backendOptions(tried);
  assert.equal(opts[0].label, 'Auto (wasm)');
  assert.equal(opts.find((o) => o.value === 'webgpu')?.label, 'WebGPU (GPU): not available');
  assert.equal(opts.find((o) => o.value === 'webgpu')?.note, 'only a software adapter (google swiftshader)');
  assert.equal(opts.find((o) => o.value === 'wasm')?.label, 'WebAssembly (CPU)');
  assert.equal(opts.find((o) => o.value === 'cpu')?.note, '', 'not probed: no verdict');
});

test('a run shows its backend and, on webgpu, its adapter', () => {
  assert.equal(runBackendText({ backend: null }), '—');
  assert.equal(runBackendText({ backend: 'wasm', adapter: null }), 'wasm');
  const adapter = { vendor: 'nvidia', architecture: 'ampere', device: 'NVIDIA GeForce RTX 3080', description: 'NVIDIA: 550.54', software: false };
  assert.equal(runBackendText({ backend: 'webgpu', adapter }), 'webgpu on nvidia ampere, NVIDIA GeForce RTX 3080 (NVIDIA: 550.54)');
});

test("the choice goes into the config, except 'auto', and the engine's schema accepts it", () => {
  const base = { datasetId: 'iris', spec: { layers: [] }, hyperparams: {}, seed: 1 };
  assert.deepEqual(withBackend(base, 'auto'), base);
  assert.equal(withBackend(base, 'webgpu').backend, 'webgpu');
  assert.equal(RunConfig.parse(withBackend(base, 'webgpu')).backend, 'webgpu');
  assert.equal(RunConfig.parse(withBackend(base, 'auto')).backend, undefined);
  assert.equal(RunConfig.safeParse({ ...base, backend: 'cuda' }).success, false);
});
