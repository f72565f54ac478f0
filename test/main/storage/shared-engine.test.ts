/**
 * Two engines on two data folders ("two machines") share one PostgreSQL store
 * with artifacts in the database: a run trained on the first is exported and
 * measured on the second, whose copy of the run's files and of the dataset's
 * tensors comes from the database into its own cache. Real training (iris).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunEvent } from '../../../main/api/schemas.ts';
import { createEngine, type Engine } from '../../../main/engine/engine.ts';
import { freshDatabase, pgServer, SKIP_REASON } from '../../db/postgres/cluster.ts';

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
