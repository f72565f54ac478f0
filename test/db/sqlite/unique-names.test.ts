/**
 * Dataset names across connections that really run at the same time (two worker
 * threads, each with its own SQLite connection, as two processes sharing a data
 * folder): choosing the name and inserting the row is one immediate
 * transaction, so no two inserts based on 'wine' ever get the same name.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { createSqliteStore } from '../../../db/sqlite/index.ts';
import { tempDir } from '../helpers.ts';

const NAMER = new URL('./fixtures/unique-namer.ts', import.meta.url);
const PER_WORKER = 60;

test('two connections inserting one base name at once never share a name', async (t) => {
  const { dir, cleanup } = tempDir();
  t.after(cleanup);
  const file = join(dir, 'modelbench.db');
  await createSqliteStore(file).close(); // migrated once, before the race
  const start = new Int32Array(new SharedArrayBuffer(8));
  const workers = ['a', 'b'].map((prefix) => new Worker(NAMER, { workerData: { file, prefix, count: PER_WORKER, start } }));
  const results = workers.map((w) => new Promise<string[]>((resolve, reject) => {
    w.once('message', resolve);
    w.once('error', reject);
  }));
  while (Atomics.load(start, 1) < workers.length) await new Promise((r) => setTimeout(r, 5));
  Atomics.store(start, 0, 1);
  Atomics.notify(start, 0);
  const names = (await Promise.all(results)).flat();
  assert.equal(new Set(names).size, names.length, `duplicates: ${names.filter((n, i) => names.indexOf(n) !== i).join(', ')}`);
  const store = createSqliteStore(file);
  try {
    const stored = (await store.datasets.list()).map((d) => d.name);
    assert.equal(stored.length, 2 * PER_WORKER);
    assert.equal(new Set(stored).size, stored.length);
  } finally {
    await store.close();
  }
});
