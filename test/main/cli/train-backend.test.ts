/**
 * `modelbench train --backend B`, and where a run trained in `show` and in the
 * "started on" line: the backend, its GPU adapter, and each backend tried with
 * why. The real CLI on a real home; the webgpu run uses SwiftShader (as the
 * webgpu tests do) and skips with the reason where no adapter loads.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useWebGpu } from '../backend/webgpu/env.ts';
import { cli, errorLine, tempDir } from './helpers.ts';

const gpu = await useWebGpu();
if (gpu.skip) console.log(`# the webgpu CLI run is skipped: ${gpu.skip}`);

async function irisHome(t: { after(fn: () => void): void }): Promise<string[]> {
  const home = ['--home', join(tempDir(t), 'home')];
  const imported = await cli(['dataset', 'import', '--sample', 'iris', ...home]);
  assert.equal(imported.code, 0, imported.stderr);
  return home;
}

test('--backend names where the run trains (over MODELBENCH_BACKEND); show says where and why', async (t) => {
  const home = await irisHome(t);
  // The CLI tests force cpu through MODELBENCH_BACKEND; the run's own choice wins.
  const trained = await cli(['train', '--dataset', 'iris', '--epochs', '1', '--backend', 'wasm', ...home, '--json']);
  assert.equal(trained.code, 0, trained.stderr);
  const started = trained.lines.map((l) => JSON.parse(l)).find((e) => e.type === 'started');
  assert.equal(started.backend, 'wasm');
  const run = JSON.parse(trained.lines.at(-1)!);
  assert.deepEqual([run.status, run.backend, run.config.backend, run.adapter], ['completed', 'wasm', 'wasm', null]);
  assert.deepEqual(run.backendsTried, [{ name: 'wasm', available: true, reason: 'chosen for this run' }]);

  const shown = await cli(['show', run.id, ...home]);
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, /^ {2}backend {3}wasm \(chosen for this run\)\n {12}used wasm: chosen for this run\n {2}seed {6}\d+ {3}params /m);

  // 'auto' is the engine's default: no backend in the config, and the env's choice says why.
  const auto = await cli(['train', '--dataset', 'iris', '--epochs', '1', '--backend', 'auto', ...home]);
  assert.equal(auto.code, 0, auto.stderr);
  assert.match(auto.stdout, /^Run (\S+) started on cpu: 1 epochs, /m);
  const autoId = /^Run (\S+) started/m.exec(auto.stdout)![1];
  const autoRun = JSON.parse((await cli(['show', autoId, ...home, '--json'])).lines.at(-1)!);
  assert.equal('backend' in autoRun.config, false);
  assert.deepEqual(autoRun.backendsTried, [{ name: 'cpu', available: true, reason: 'MODELBENCH_BACKEND=cpu' }]);
  assert.match((await cli(['show', autoId, ...home])).stdout, /^ {2}backend {3}cpu\n {12}used cpu: MODELBENCH_BACKEND=cpu$/m);
});

test('a --backend that is not one of the choices is a usage error, before anything starts', async (t) => {
  const home = ['--home', join(tempDir(t), 'home')];
  const r = await cli(['train', '--dataset', 'iris', '--backend', 'gpu', ...home]);
  assert.equal(r.code, 2);
  assert.equal(errorLine(r), "modelbench: error: --backend must be one of auto, tensorflow, webgpu, wasm, cpu, got 'gpu'.");
  assert.match((await cli(['train', '--help'])).stdout, /--backend {2}where it trains: auto, tensorflow, webgpu, wasm, cpu/);
});

test('a named backend that cannot start fails the run, saying why', async (t) => {
  const home = await irisHome(t);
  const r = await cli(['train', '--dataset', 'iris', '--epochs', '1', '--backend', 'tensorflow', ...home]);
  if (r.code === 0) return; // tfjs-node is installed here: nothing to refuse
  assert.equal(r.code, 1);
  assert.match(errorLine(r), /^modelbench: error: run \S+ failed: backend 'tensorflow' was chosen for this run but cannot be used: tensorflow: /);
});

test('--backend webgpu: the started line and show name the adapter', { skip: gpu.skip || undefined }, async (t) => {
  const home = await irisHome(t);
  // env.ts pointed this process's Vulkan loader at SwiftShader; the CLI inherits it.
  const trained = await cli(['train', '--dataset', 'iris', '--epochs', '1', '--backend', 'webgpu', ...home], { timeoutMs: 300_000 });
  assert.equal(trained.code, 0, trained.stderr);
  assert.match(trained.stdout, /^Run \S+ started on webgpu on google swiftshader, swiftshader-device-subzero- \(SwiftShader driver [\d.]+\), software: 1 epochs, /m);
  const id = /^Run (\S+) started/m.exec(trained.stdout)![1];
  const shown = await cli(['show', id, ...home]);
  assert.match(shown.stdout, /^ {2}backend {3}webgpu on google swiftshader.*, software \(chosen for this run\)$/m);
  assert.match(shown.stdout, /^ {12}used webgpu: chosen for this run; google swiftshader.*: a software GPU, used because webgpu was named, passed the self-test \(largest difference from the cpu backend [\d.e+-]+, tolerance 0\.001\)$/m);
  const run = JSON.parse((await cli(['show', id, ...home, '--json'])).lines.at(-1)!);
  assert.deepEqual([run.adapter.vendor, run.adapter.architecture, run.adapter.software], ['google', 'swiftshader', true]);
});
