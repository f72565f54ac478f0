import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createSqliteStore, INTERRUPTED_MESSAGE, type SqliteStore } from '../../db/store.ts';
import { makeDataset, makeRun, tempDir } from './helpers.ts';

describe('sqlite store', () => {
  const tmp = tempDir();
  let store: SqliteStore;
  before(() => {
    store = createSqliteStore(join(tmp.dir, 'modelbench.db'));
    store.datasets.insert(makeDataset('ds1', { name: 'Iris' }));
  });
  after(() => {
    store.close();
    tmp.cleanup();
  });

  test('pragmas: WAL, foreign keys, busy timeout, synchronous NORMAL', () => {
    assert.equal(store.db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(store.db.pragma('foreign_keys', { simple: true }), 1);
    assert.equal(store.db.pragma('busy_timeout', { simple: true }), 5000);
    assert.equal(store.db.pragma('synchronous', { simple: true }), 1);
  });

  test('datasets round trip, list hides dir, delete', () => {
    const meta = makeDataset('ds2', { name: 'Digits', source: 'idx', inputShape: [8, 8, 1], featureNames: [], createdAt: '2026-03-01T00:00:00.000Z' });
    store.datasets.insert(meta);
    assert.deepEqual(store.datasets.get('ds2'), meta);
    const listed = store.datasets.list();
    assert.deepEqual(listed.map((d) => d.id), ['ds2', 'ds1']);
    assert.equal('dir' in listed[0], false);
    store.datasets.delete('ds2');
    assert.equal(store.datasets.get('ds2'), undefined);
    assert.equal(store.datasets.get('nope'), undefined);
  });

  test('a dataset with runs cannot be deleted', () => {
    store.datasets.insert(makeDataset('ds3'));
    store.runs.insert(makeRun('r-ds3', 'ds3'), '/runs/r-ds3');
    assert.throws(() => store.datasets.delete('ds3'), (e: Error & { code?: string }) => e.code === 'conflict' && /1 run\b/.test(e.message));
    store.runs.delete('r-ds3');
    store.datasets.delete('ds3');
  });

  test('run insert/get preserves every RunRecord field', () => {
    const run = makeRun('r1', 'ds1');
    store.runs.insert(run, '/runs/r1');
    assert.deepEqual(store.runs.get('r1'), { ...run, datasetName: 'Iris' });
    assert.equal(store.runs.artifactDir('r1'), '/runs/r1');
    assert.equal(store.runs.get('missing'), undefined);
    assert.equal(store.runs.artifactDir('missing'), undefined);
  });

  test('nullable fields and non-finite metrics survive', () => {
    const run = makeRun('r2', 'ds1', {
      status: 'diverged', backend: null, startedAt: null, finishedAt: null, durationMs: null, error: 'loss became NaN',
      metrics: { train: { loss: NaN }, val: { loss: Infinity, accuracy: -Infinity } }, tags: [], notes: '', versions: {},
    });
    store.runs.insert(run, '/runs/r2');
    assert.deepEqual(store.runs.get('r2'), { ...run, datasetName: 'Iris' });
    const row = store.db.prepare('SELECT val_loss, val_accuracy FROM runs WHERE id = ?').get('r2');
    assert.deepEqual(row, { val_loss: null, val_accuracy: null });
  });

  test('update writes only the given fields and keeps val_* columns in sync', () => {
    store.runs.insert(makeRun('r3', 'ds1', { status: 'queued', metrics: {}, startedAt: null }), '/runs/r3');
    const before = store.runs.get('r3')!;
    store.runs.update('r3', { status: 'running', startedAt: '2026-02-02T00:00:00.000Z', backend: 'wasm' });
    const mid = store.runs.get('r3')!;
    assert.deepEqual(mid, { ...before, status: 'running', startedAt: '2026-02-02T00:00:00.000Z', backend: 'wasm' });

    const metrics = { val: { accuracy: 0.5, f1: 0.4, loss: 1.5 }, test: { accuracy: 0.45 } };
    store.runs.update('r3', { metrics, tags: ['x', 'y'], notes: 'n', name: 'renamed', id: 'ignored', datasetName: 'ignored' });
    const after = store.runs.get('r3')!;
    assert.deepEqual(after, { ...mid, metrics, tags: ['x', 'y'], notes: 'n', name: 'renamed' });
    const cols = store.db.prepare('SELECT val_accuracy, val_f1, val_loss, test_accuracy FROM runs WHERE id = ?').get('r3');
    assert.deepEqual(cols, { val_accuracy: 0.5, val_f1: 0.4, val_loss: 1.5, test_accuracy: 0.45 });
    const tags = store.db.prepare('SELECT tag FROM tags WHERE run_id = ? ORDER BY tag').pluck().all('r3');
    assert.deepEqual(tags, ['x', 'y']);

    store.runs.update('r3', {}); // nothing to write
    store.runs.update('does-not-exist', { notes: 'x' }); // no-op, no throw
    assert.deepEqual(store.runs.get('r3'), after);
  });

  test('lineage is stored and cleared when the parent goes', () => {
    store.runs.insert(makeRun('parent', 'ds1'), '/runs/parent');
    store.runs.insert(makeRun('child', 'ds1'), '/runs/child', { parentRunId: 'parent', relation: 'fine-tuned' });
    assert.deepEqual(store.runs.lineage('child'), { parentRunId: 'parent', relation: 'fine-tuned' });
    store.runs.delete('parent');
    assert.equal(store.runs.lineage('child'), undefined);
    assert.ok(store.runs.get('child'));
  });

  test('deleting a run deletes its metrics and tags', () => {
    store.runs.insert(makeRun('r4', 'ds1'), '/runs/r4');
    store.metrics.append('r4', [
      { epoch: 0, split: 'train', name: 'loss', value: 1 },
      { epoch: 0, split: 'val', name: 'loss', value: 2 },
    ]);
    assert.equal(store.metrics.get('r4').length, 2);
    store.runs.delete('r4');
    assert.equal(store.runs.get('r4'), undefined);
    const left = store.db.prepare("SELECT (SELECT COUNT(*) FROM metrics WHERE run_id = 'r4') + (SELECT COUNT(*) FROM tags WHERE run_id = 'r4')").pluck().get();
    assert.equal(left, 0);
  });

  test('metrics: NaN survives, re-reported points replace, unknown run is refused', () => {
    store.runs.insert(makeRun('r5', 'ds1'), '/runs/r5');
    store.metrics.append('r5', [{ epoch: 0, split: 'train', name: 'loss', value: NaN }]);
    store.metrics.append('r5', [{ epoch: 1, split: 'train', name: 'loss', value: 0.5 }, { epoch: 1, split: 'train', name: 'loss', value: 0.4 }]);
    store.metrics.append('r5', []);
    const points = store.metrics.get('r5');
    assert.equal(points.length, 2);
    assert.ok(Number.isNaN(points[0].value));
    assert.equal(points[1].value, 0.4);
    assert.throws(() => store.metrics.append('no-such-run', [{ epoch: 0, split: 'train', name: 'loss', value: 1 }]), /FOREIGN KEY/);
  });

  test('markInterrupted turns running and queued runs into interrupted ones', () => {
    store.runs.update('r3', { status: 'completed' }); // left running by the update test
    store.runs.insert(makeRun('q1', 'ds1', { status: 'queued', finishedAt: null }), '/runs/q1');
    store.runs.insert(makeRun('run1', 'ds1', { status: 'running', finishedAt: null }), '/runs/run1');
    const completedBefore = store.runs.get('r1')!;
    assert.equal(store.runs.markInterrupted(), 2);
    for (const id of ['q1', 'run1']) {
      const r = store.runs.get(id)!;
      assert.equal(r.status, 'interrupted');
      assert.equal(r.error, INTERRUPTED_MESSAGE);
      assert.ok(r.finishedAt && !Number.isNaN(Date.parse(r.finishedAt)));
    }
    assert.deepEqual(store.runs.get('r1'), completedBefore);
    assert.equal(store.runs.markInterrupted(), 0);
  });
});
