import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import type { RunEvent } from '../../../main/api/schemas.ts';
import { createEngine, type Engine } from '../../../main/engine/engine.ts';

const tempHome = () => mkdtempSync(join(tmpdir(), 'mb-engine-'));

function waitForFinish(engine: Engine, runId: string): Promise<Extract<RunEvent, { type: 'finished' }>> {
  return new Promise((resolve) => {
    const stop = engine.subscribe((_name, event) => {
      if (event.type === 'finished' && event.runId === runId) {
        stop();
        resolve(event);
      }
    });
  });
}

describe('engine', () => {
  let home: string;
  let engine: Engine;
  before(async () => {
    home = tempHome();
    engine = await createEngine({ home, workers: 2, backend: ['cpu'] });
  });
  after(async () => {
    await engine.close();
    rmSync(home, { recursive: true, force: true });
  });

  test('imports iris, trains in a worker, stores metrics, lists, compares and exports', async () => {
    const dataset = await engine.call('datasets.importSample', { sample: 'iris' });
    assert.equal(dataset.numSamples, 150);
    assert.deepEqual(dataset.inputShape, [4]);

    const events: RunEvent[] = [];
    engine.subscribe((name, event) => name === 'run.event' && events.push(event as RunEvent));
    const config = {
      datasetId: dataset.name,
      spec: { name: 'mlp', layers: [{ kind: 'dense' as const, units: 32 }] },
      hyperparams: { epochs: 25, batchSize: 16, optimizer: { kind: 'adam' as const, learningRate: 0.02 } },
      seed: 7,
    };
    const first = await engine.call('runs.start', config);
    const second = await engine.call('runs.start', { ...config, seed: 8, hyperparams: { ...config.hyperparams, epochs: 5 } });
    const [done] = await Promise.all([waitForFinish(engine, first.runId), waitForFinish(engine, second.runId)]);
    assert.equal(done.status, 'completed', done.error ?? '');

    const run = await engine.call('runs.get', { runId: first.runId });
    assert.equal(run.status, 'completed');
    assert.equal(run.datasetId, dataset.id);
    assert.ok(run.backend, 'backend recorded');
    assert.ok(run.versions.tfjs, 'versions recorded');
    assert.ok((run.metrics.val?.accuracy ?? 0) >= 0.85, `val accuracy ${run.metrics.val?.accuracy}`);
    assert.ok(run.metrics.test?.accuracy !== undefined && run.metrics.confusion?.length === 3);
    assert.ok(events.some((e) => e.type === 'epoch' && e.runId === first.runId), 'epoch events streamed');

    const metrics = await engine.call('runs.metrics', { runId: first.runId });
    const valLoss = metrics.points.filter((p) => p.split === 'val' && p.name === 'loss');
    assert.equal(valLoss.length, run.epochsDone);

    const page = await engine.call('runs.list', { search: 'mlp', sort: 'valAccuracy', order: 'desc' });
    assert.equal(page.total, 2);
    const comparison = await engine.call('runs.compare', { runIds: [first.runId, second.runId] });
    assert.ok(comparison.configDiff.some((d) => d.path === 'seed'));
    assert.ok(comparison.configDiff.some((d) => d.path === 'hyperparams.epochs'));

    const exported = await engine.call('runs.export', { runId: first.runId });
    const files = readdirSync(exported.outDir);
    for (const f of ['model.json', 'weights.bin', 'preprocessing.json', 'model-card.md']) assert.ok(files.includes(f), `${f} exported`);
  });

  test('rejects bad input with clear errors and keeps nothing half-written', async () => {
    const before = (await engine.call('datasets.list', {})).length;
    await assert.rejects(engine.call('datasets.importCsvText', { name: 'bad', text: 'a,b,label\n1,2,x\n3,"4,y\n' }), (e: Error & { code?: string }) => e.code === 'bad_data');
    await assert.rejects(engine.call('datasets.importCsvText', { name: 'bad', text: 'a,b,label\n1,2,x\n3,oops,y\n5,6,x\n7,8,y\n9,10,x\n' }), /numeric/);
    await assert.rejects(engine.call('datasets.importCsvText', { name: 'bad', text: 'a,b\n1,2\n', label: 'nope' }), /nope/);
    assert.equal((await engine.call('datasets.list', {})).length, before, 'no dataset created by failed imports');

    const iris = await engine.call('datasets.importSample', { sample: 'iris' });
    await assert.rejects(
      engine.call('runs.start', { datasetId: iris.id, spec: { layers: [{ kind: 'conv2d', filters: 4 }] }, hyperparams: {} }),
      (e: Error & { code?: string }) => e.code === 'cannot_build' && /conv2d/.test(e.message),
    );
    await assert.rejects(engine.call('runs.start', { datasetId: iris.id, spec: { layers: [{ kind: 'dense', units: 0 }] }, hyperparams: {} } as never), /units/);
    await assert.rejects(engine.callUntyped('runs.nuke', {}), /Unknown method/);
    await assert.rejects(engine.call('runs.get', { runId: 'run_missing' }), (e: Error & { code?: string }) => e.code === 'not_found');
  });
});

describe('app.info', () => {
  test('lists the backends a training worker would try (not the API thread\'s cpu), with reasons', async () => {
    const home = tempHome();
    const engine = await createEngine({ home, workers: 1 });
    try {
      const info = await engine.call('app.info', {});
      const chosen = info.backends.find((b) => b.available);
      assert.ok(chosen, JSON.stringify(info.backends));
      assert.notEqual(chosen.name, 'cpu', 'a training worker here trains on wasm (or better), not cpu');
      assert.ok(info.backends.filter((b) => !b.available).every((b) => b.reason), 'every skipped backend says why');
    } finally {
      await engine.close();
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('engine crash recovery', () => {
  test('a run killed with SIGKILL mid-training is marked interrupted and keeps its metrics', async () => {
    const home = tempHome();
    const child = spawn(process.execPath, [new URL('./fixtures/train-forever.ts', import.meta.url).pathname, home], { stdio: ['ignore', 'pipe', 'inherit'] });
    let runId = '';
    let epochsSeen = 0;
    await new Promise<void>((resolve, reject) => {
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        for (const line of chunk.split('\n')) {
          const [kind, id] = line.split(' ');
          if (kind === 'run') runId = id!;
          if (kind === 'epoch') epochsSeen++;
        }
        if (epochsSeen >= 3) resolve();
      });
      child.on('exit', (code) => reject(new Error(`child exited early with ${code}`)));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    const engine = await createEngine({ home, workers: 1, backend: ['cpu'] });
    try {
      const run = await engine.call('runs.get', { runId });
      assert.equal(run.status, 'interrupted');
      const metrics = await engine.call('runs.metrics', { runId });
      const epochs = new Set(metrics.points.filter((p) => p.split === 'val').map((p) => p.epoch));
      // Events are emitted after the epoch's metrics are committed, so every epoch the child reported is stored.
      assert.ok(epochs.size >= epochsSeen, `stored ${epochs.size} epochs, child reported ${epochsSeen}`);
    } finally {
      await engine.close();
    }
    const db = new Database(join(home, 'modelbench.db'), { readonly: true });
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    db.close();
    rmSync(home, { recursive: true, force: true });
  });
});

describe('engine shutdown', () => {
  test('close() leaves nothing that keeps the process alive', async () => {
    const home = tempHome();
    const script = `import { createEngine } from ${JSON.stringify(new URL('../../../main/engine/engine.ts', import.meta.url).pathname)};
      const e = await createEngine({ home: ${JSON.stringify(home)}, workers: 1, backend: ['cpu'] });
      await e.call('datasets.importSample', { sample: 'iris' });
      await e.close();`;
    const started = Date.now();
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' });
    const code = await new Promise((resolve) => child.once('exit', resolve));
    assert.equal(code, 0);
    // Workers, timers and the database are all released: the process exits on its own, promptly.
    assert.ok(Date.now() - started < 8000, `process took ${Date.now() - started} ms to exit after close()`);
    rmSync(home, { recursive: true, force: true });
  });
});
