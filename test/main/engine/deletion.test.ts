/** Files and rows are deleted together: never a row without its folder, never a folder without its row. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '../../../db/sqlite/index.ts';
import { deleteWithFiles, recoverTrash } from '../../../main/engine/deletion.ts';
import { makeDataset, makeRun } from '../../db/helpers.ts';

async function setup() {
  const home = mkdtempSync(join(tmpdir(), 'mb-delete-'));
  const store = createSqliteStore(join(home, 'modelbench.db'));
  await store.datasets.insert(makeDataset('ds'));
  const dirOf = (id: string) => join(home, 'runs', id);
  for (const id of ['a', 'b', 'c']) {
    mkdirSync(dirOf(id), { recursive: true });
    writeFileSync(join(dirOf(id), 'model.json'), '{}');
    await store.runs.insert({ record: makeRun(id, 'ds'), artifactDir: dirOf(id), ownerId: null });
  }
  return { home, store, dirOf, done: async () => (await store.close(), rmSync(home, { recursive: true, force: true })) };
}

test('a delete removes the rows and the folder, and leaves the trash empty', async () => {
  const { home, store, dirOf, done } = await setup();
  await deleteWithFiles(home, { kind: 'run', id: 'a', dir: dirOf('a') }, () => store.runs.delete('a'));
  assert.equal(await store.runs.get('a'), undefined);
  assert.equal(existsSync(dirOf('a')), false);
  assert.deepEqual(readdirSync(join(home, 'trash')), []);
  await done();
});

test('when the rows cannot be deleted, the folder is put back and nothing changed', async () => {
  const { home, store, dirOf, done } = await setup();
  await assert.rejects(deleteWithFiles(home, { kind: 'run', id: 'b', dir: dirOf('b') }, async () => {
    throw new Error('database is locked');
  }), /locked/);
  assert.ok(await store.runs.get('b'));
  assert.ok(existsSync(join(dirOf('b'), 'model.json')));
  await done();
});

test('a process that died half way is repaired at the next start', async () => {
  const { home, store, dirOf, done } = await setup();
  mkdirSync(join(home, 'trash'));
  // Died after moving b's folder, before deleting its rows: the folder comes back.
  renameSync(dirOf('b'), join(home, 'trash', 'run~b'));
  // Died after deleting c's rows, before removing its folder: the folder goes.
  renameSync(dirOf('c'), join(home, 'trash', 'run~c'));
  await store.runs.delete('c');
  // An ensemble's merged model folder, trashed before its rows went: it comes back too.
  await store.ensembles.create({ id: 'ens', name: 'e', method: 'voting', datasetId: 'ds', config: {}, createdAt: '2026-01-01T00:00:00.000Z', ownerId: null });
  mkdirSync(join(home, 'trash', 'ensemble~ens'));
  writeFileSync(join(home, 'trash', 'ensemble~ens', 'model.json'), '{}');
  assert.deepEqual(await recoverTrash(home, store), { restored: 2, removed: 1 });
  assert.ok(existsSync(join(home, 'ensembles', 'ens', 'model.json')));
  assert.ok(existsSync(join(dirOf('b'), 'model.json')));
  assert.equal(existsSync(dirOf('c')), false);
  assert.deepEqual(readdirSync(join(home, 'trash')), []);
  await done();
});
