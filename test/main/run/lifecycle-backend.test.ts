/**
 * The run lifecycle records where a run trained when its worker reports
 * 'started': the backend, the GPU adapter (null off the GPU) and every backend
 * tried, the skipped ones with why not and the one used with why; on a real
 * store and a real training worker. The webgpu run uses SwiftShader, as the
 * webgpu tests do, and skips with the reason where no adapter loads.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RunConfig, type RunEvent } from '../../../main/api/schemas.ts';
import type { SqliteStore } from '../../../db/sqlite/index.ts';
import type { StoredDataset } from '../../../db/store.ts';
import type { RunLauncher } from '../../../main/run/lifecycle.ts';
import { openLauncher, type LauncherFixture } from './launcher-fixture.ts';
import { useWebGpu } from '../backend/webgpu/env.ts';

const gpu = await useWebGpu();
if (gpu.skip) console.log(`# the webgpu run is skipped: ${gpu.skip}`);

const config = (backend?: RunConfig['backend']) => RunConfig.parse({
  datasetId: 'iris', seed: 5, spec: { layers: [{ kind: 'dense', units: 8 }] }, backend,
  hyperparams: { epochs: 1, batchSize: 32, optimizer: { kind: 'adam', learningRate: 0.01 } },
});
type Started = Extract<RunEvent, { type: 'started' }>;

describe('run lifecycle: where a run trained', () => {
  let fx: LauncherFixture;
  let store: SqliteStore;
  let launcher: RunLauncher;
  let dataset: StoredDataset;
  const started = new Map<string, Started>();
  before(async () => {
    delete process.env.MODELBENCH_BACKEND;
    const emit = (name: string, e: unknown) => {
      if (name === 'run.event' && (e as RunEvent).type === 'started') started.set((e as Started).runId, e as Started);
    };
    // The default order, as the app's pool: tensorflow → webgpu → wasm → cpu.
    fx = await openLauncher('lifecycle-backend', emit);
    ({ store, launcher, dataset } = fx);
  });
  after(() => fx.close());

  test("an 'auto' run stores no adapter and every backend tried: each skipped one with why, the one used with why", async () => {
    const run = await launcher.start({ config: config(), dataset, name: 'auto' });
    assert.equal((await run.done).status, 'completed');
    const stored = (await store.runs.get(run.runId))!;
    const event = started.get(run.runId)!;
    assert.equal(stored.backend, event.backend);
    assert.equal(stored.adapter, null, 'not a GPU run: null, not absent');
    assert.deepEqual(stored.backendsTried, event.tried);
    const tried = stored.backendsTried!;
    assert.deepEqual(tried.slice(0, 2).map((t) => t.name), ['tensorflow', 'webgpu']);
    assert.ok(tried.slice(0, -1).every((t) => !t.available && (t.reason ?? '').length > 0), 'every skipped backend says why');
    assert.deepEqual([tried.at(-1)?.name, tried.at(-1)?.available], [stored.backend, true]);
    assert.match(tried.at(-1)?.reason ?? '', /^auto: the first that works of tensorflow → webgpu → wasm → cpu/);
    if (!gpu.skip) assert.match(tried[1].reason ?? '', /^only a software adapter \(google swiftshader/, 'a software GPU is not used by auto');
  });

  test('a run that chose webgpu stores its adapter and why it trained there', { skip: gpu.skip || undefined }, async () => {
    const run = await launcher.start({ config: config('webgpu'), dataset, name: 'on the gpu' });
    const outcome = await run.done;
    assert.equal(outcome.status, 'completed', outcome.error ?? '');
    const stored = (await store.runs.get(run.runId))!;
    assert.equal(stored.backend, 'webgpu');
    assert.deepEqual(stored.adapter, started.get(run.runId)?.adapter);
    assert.deepEqual([stored.adapter?.architecture, stored.adapter?.software], ['swiftshader', true]);
    assert.deepEqual(stored.backendsTried?.map((t) => [t.name, t.available]), [['webgpu', true]]);
    assert.match(stored.backendsTried?.[0].reason ?? '', /^chosen for this run; google swiftshader.*passed the self-test/);
  });
});
