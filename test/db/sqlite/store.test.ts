/**
 * The SQLite store: the shared contract suite, plus what only SQLite has
 * (pragmas, the sortable val_* copies of metrics, the normalised tags table).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createSqliteStore, type SqliteStore } from '../../../db/sqlite/index.ts';
import { storeContract } from '../store-contract.ts';
import { makeDataset, makeRun, tempDir } from '../helpers.ts';

storeContract('sqlite', async () => {
  const tmp = tempDir();
  const file = join(tmp.dir, 'modelbench.db');
  return { open: async () => createSqliteStore(file), cleanup: async () => tmp.cleanup() };
});

describe('sqlite specifics', () => {
  const tmp = tempDir();
  let store: SqliteStore;
  before(async () => {
    store = createSqliteStore(join(tmp.dir, 'modelbench.db'));
    await store.datasets.insert(makeDataset('ds1', { name: 'Iris' }));
  });
  after(async () => {
    await store.close();
    tmp.cleanup();
  });

  test('pragmas: WAL, foreign keys, busy timeout, synchronous NORMAL', () => {
    assert.equal(store.db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(store.db.pragma('foreign_keys', { simple: true }), 1);
    assert.equal(store.db.pragma('busy_timeout', { simple: true }), 5000);
    assert.equal(store.db.pragma('synchronous', { simple: true }), 1);
  });

  test('non-finite metrics are NULL in the sortable columns', async () => {
    await store.runs.insert({ record: makeRun('r2', 'ds1', { metrics: { val: { loss: Infinity, accuracy: -Infinity } } }), artifactDir: '/runs/r2', ownerId: null });
    assert.deepEqual(store.db.prepare('SELECT val_loss, val_accuracy FROM runs WHERE id = ?').get('r2'), { val_loss: null, val_accuracy: null });
  });

  test('update keeps the val_* columns and the tags table in sync; delete empties them', async () => {
    await store.runs.insert({ record: makeRun('r3', 'ds1', { metrics: {} }), artifactDir: '/runs/r3', ownerId: null });
    await store.runs.update('r3', { metrics: { val: { accuracy: 0.5, f1: 0.4, loss: 1.5 }, test: { accuracy: 0.45 } }, tags: ['x', 'y'] });
    assert.deepEqual(store.db.prepare('SELECT val_accuracy, val_f1, val_loss, test_accuracy FROM runs WHERE id = ?').get('r3'), { val_accuracy: 0.5, val_f1: 0.4, val_loss: 1.5, test_accuracy: 0.45 });
    assert.deepEqual(store.db.prepare('SELECT tag FROM tags WHERE run_id = ? ORDER BY tag').pluck().all('r3'), ['x', 'y']);
    await store.metrics.append('r3', [{ epoch: 0, split: 'train', name: 'loss', value: 1 }]);
    await store.runs.delete('r3');
    const left = store.db.prepare("SELECT (SELECT COUNT(*) FROM metrics WHERE run_id = 'r3') + (SELECT COUNT(*) FROM tags WHERE run_id = 'r3')").pluck().get();
    assert.equal(left, 0);
  });
});
