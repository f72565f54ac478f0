/**
 * Two engines on two data folders ("two machines") share one PostgreSQL store
 * with artifacts in the database: a run trained on the first is exported and
 * measured on the second, whose copy of the run's files and of the dataset's
 * tensors comes from the database into its own cache; so are an ensemble's
 * merged model and the runs of an imported bundle, and deletes remove the
 * stored copies. Real training (iris).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunEvent } from '../../../main/api/schemas.ts';
import { createEngine, type Engine } from '../../../main/engine/engine.ts';
import yauzl from 'yauzl';
import { createPostgresStore } from '../../../db/postgres/index.ts';
import { freshDatabase, pgServer, SKIP_REASON } from '../../db/postgres/cluster.ts';
import { ensembleEnd } from '../ensemble/engine-helpers.ts';
import { trainAndWait } from '../engine/run-helpers.ts';

const server = await pgServer();
after(async () => server?.stop());

function finished(engine: Engine, runId: string): Promise<Extract<RunEvent, { type: 'finished' }>> {
  return new Promise((resolve) => {
    const stop = engine.subscribe((_name, event) => {
      const e = event as RunEvent;
      if (e.type === 'finished' && e.runId === runId) {
        stop();
        resolve(e);
      }
    });
  });
}

test('a run trained on one machine is exported and measured on another through the database', { skip: server ? false : SKIP_REASON }, async (t) => {
  const db = await freshDatabase(server!.url);
  const homes = [mkdtempSync(join(tmpdir(), 'mb-machine-a-')), mkdtempSync(join(tmpdir(), 'mb-machine-b-'))];
  const [a, b] = await Promise.all(homes.map((home) => createEngine({ home, storage: db.url, workers: 1, label: 'test' })));
  t.after(async () => {
    await a.close();
    await b.close();
    for (const h of homes) rmSync(h, { recursive: true, force: true });
    await db.drop();
  });

  const iris = await a.call('datasets.importSample', { sample: 'iris' });
  const { runId } = await a.call('runs.start', {
    datasetId: iris.id, spec: { name: 'mlp', layers: [{ kind: 'dense', units: 8 }] }, hyperparams: { epochs: 3, batchSize: 32 }, seed: 1,
  });
  const done = await finished(a, runId);
  assert.equal(done.status, 'completed', done.error ?? '');

  const sizeOnA = await a.call('runs.size', { runId });
  // Both machines run here, on one disk: remove machine A's folders so that B cannot read them in place.
  rmSync(join(homes[0], 'runs', runId), { recursive: true });
  rmSync(join(homes[0], 'datasets', iris.id), { recursive: true });
  assert.equal(existsSync(join(homes[1], 'runs', runId)), false);
  assert.equal((await b.call('runs.get', { runId })).status, 'completed');
  const exported = await b.call('runs.export', { runId });
  assert.ok(exported.outDir.startsWith(homes[1]), exported.outDir);
  for (const f of ['model.json', 'weights.bin', 'preprocessing.json']) assert.ok(readdirSync(exported.outDir).includes(f), f);
  assert.ok(existsSync(join(homes[1], 'cache', 'runs', runId, 'model.json')), 'the run was cached on machine B');
  const size = await b.call('runs.size', { runId });
  assert.equal(size.paramCount, sizeOnA.paramCount);
  assert.equal(size.bytes, sizeOnA.bytes);
  const preview = await b.call('datasets.preview', { id: iris.id, rows: 3 });
  assert.equal(preview.rows.length, 3);
  assert.ok(existsSync(join(homes[1], 'cache', 'datasets', iris.id)), 'the dataset was cached on machine B');

  // A delete removes the stored copy and this machine's cache.
  await b.call('runs.delete', { runId });
  assert.equal(existsSync(join(homes[1], 'cache', 'runs', runId)), false);
  await assert.rejects(a.call('runs.export', { runId }), (e: Error & { code?: string }) => e.code === 'not_found');
});

/** The paths inside a zip. */
function zipEntries(file: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      const names: string[] = [];
      zip.on('entry', (e: { fileName: string }) => {
        names.push(e.fileName);
        zip.readEntry();
      });
      zip.on('end', () => resolve(names));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

test('an ensemble built and a bundle imported on one machine are exported on another; deletes remove their stored copies', { skip: server ? false : SKIP_REASON, timeout: 300_000 }, async (t) => {
  const db = await freshDatabase(server!.url);
  const homes = [mkdtempSync(join(tmpdir(), 'mb-machine-a-')), mkdtempSync(join(tmpdir(), 'mb-machine-b-'))];
  const [a, b] = await Promise.all(homes.map((home) => createEngine({ home, storage: db.url, workers: 1, label: 'test' })));
  const admin = await createPostgresStore(db.url);
  t.after(async () => {
    await a.close();
    await b.close();
    await admin.close();
    for (const h of homes) rmSync(h, { recursive: true, force: true });
    await db.drop();
  });
  const stored = async (scope: string, key: string) =>
    (await admin.connection.query<{ n: number }>('SELECT COUNT(*) AS n FROM artifact_files WHERE scope = $1 AND key = $2', [scope, key]))[0].n;

  const iris = await a.call('datasets.importSample', { sample: 'iris' });
  const runIds: string[] = [];
  // One seed (an ensemble's members share their split), two widths.
  for (const units of [8, 6]) {
    const { runId } = await trainAndWait(a, { datasetId: iris.id, spec: { name: 'mlp', layers: [{ kind: 'dense', units }] }, hyperparams: { epochs: 2, batchSize: 32 }, seed: 1 });
    runIds.push(runId);
  }
  const ensemble = await ensembleEnd(a, () => a.call('ensembles.create', { method: 'voting', runIds, name: 'two' }));
  assert.equal(ensemble.status, 'completed', ensemble.error ?? '');
  const bundle = await a.call('bundles.export', { kind: 'run', id: runIds[0], withData: false });
  const imported = await a.call('bundles.import', { file: bundle.file });
  assert.notEqual(imported.id, runIds[0], 'the ids are taken in this store: the imported run has a fresh one');

  // Machine A's folders are gone, as on another machine: B reads only what the database holds.
  for (const dir of ['runs', 'ensembles', 'datasets']) rmSync(join(homes[0], dir), { recursive: true, force: true });
  const ensembleExport = await b.call('ensembles.export', { ensembleId: ensemble.id });
  assert.ok(readdirSync(ensembleExport.outDir).includes('model.json'), 'the merged model came from the database');
  const runExport = await b.call('runs.export', { runId: imported.id });
  assert.ok(readdirSync(runExport.outDir).includes('weights.bin'), 'the imported run\'s files came from the database');
  const again = await b.call('bundles.export', { kind: 'run', id: runIds[1], withData: true });
  const entries = await zipEntries(again.file);
  assert.ok(entries.some((e) => e.endsWith(`${runIds[1]}/model.json`)), `a bundle made on B carries the run's model: ${entries.join(', ')}`);
  assert.ok(entries.some((e) => e.endsWith(`${iris.id}/x.f32`)), 'and the dataset\'s tensors');

  assert.ok((await stored('ensemble', ensemble.id)) >= 3, 'model.json, weights.bin, ensemble.json are stored');
  await b.call('ensembles.delete', { ensembleId: ensemble.id });
  assert.equal(await stored('ensemble', ensemble.id), 0, 'the ensemble\'s stored copy went with it');
  await b.call('runs.delete', { runId: imported.id });
  assert.equal(await stored('run', imported.id), 0);
});
