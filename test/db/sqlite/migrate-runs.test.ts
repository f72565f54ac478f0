/**
 * Schemas 7, 8 and 9 change the runs table that nine other tables reference:
 * 7 adds the sortable val_r2 / val_mse copies, 8 rebuilds the table for the
 * 'pruned' status, 9 adds the adapter and backends tried. A schema-6 database
 * holding runs with metrics, tags, lineage and every kind of row that points at
 * a run upgrades with all of it intact and every reference still enforced; a
 * schema-8 one reads its old runs without an adapter.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { latestVersion, loadMigrations, migrate, needsForeignKeysOff, schemaVersion } from '../../../db/sqlite/migrate.ts';
import { createSqliteStore } from '../../../db/sqlite/index.ts';
import { createSchemaFixture, makeRun, tempDir } from '../helpers.ts';

/** Tables with a column that references runs(id), and that column. */
const CHILDREN: Record<string, string> = {
  metrics: 'run_id', tags: 'run_id', artifacts: 'run_id', trials: 'run_id', experiments: 'base_run_id', experiment_steps: 'run_id',
  ensemble_members: 'run_id', explanations: 'run_id', run_diagnostics: 'run_id',
};
const T0 = '2026-01-01T00:00:00.000Z';

function seedSchema6(db: Database.Database): void {
  const run = makeRun('x', 'ds');
  db.prepare(`INSERT INTO datasets (id, name, source, task, input_shape, num_samples, dir, created_at, info)
    VALUES ('ds', 'Iris', 'sample', 'classification', '[4]', 150, '/d/ds', @t, '{}')`).run({ t: T0 });
  const insertRun = db.prepare(`INSERT INTO runs (id, name, dataset_id, status, config, seed, created_at, artifact_dir, metrics, error, tags,
      val_accuracy, parent_run_id, relation)
    VALUES (@id, @name, 'ds', @status, @config, 7, @createdAt, @dir, @metrics, @error, @tags, @acc, @parent, @relation)`);
  const runs = [
    { id: 'parent', name: 'base mlp', status: 'completed', metrics: { val: { accuracy: 0.9, loss: 0.3 } }, acc: 0.9, tags: ['base'] },
    { id: 'child', name: 'pruned copy', status: 'completed', metrics: { val: { accuracy: 0.88 } }, acc: 0.88, parent: 'parent', relation: 'pruned', tags: [] },
    { id: 'reg-a', name: 'petal regression', status: 'completed', metrics: { val: { r2: 0.91, mse: 0.04, loss: 0.1 } }, tags: [] },
    { id: 'reg-b', name: 'bad regression', status: 'diverged', metrics: { val: { r2: -3, mse: 'Infinity' } }, tags: [] },
    { id: 'trial', name: 'study #4', status: 'cancelled', error: 'pruned at epoch 2', metrics: { val: { accuracy: 0.2 } }, acc: 0.2, tags: ['study', 'study:s1'] },
    { id: 'stopped', name: 'user stop', status: 'cancelled', error: 'pruned at epoch 3', metrics: {}, tags: ['mine'] },
  ];
  runs.forEach((r, i) => {
    insertRun.run({
      id: r.id, name: r.name, status: r.status, config: JSON.stringify(run.config), createdAt: `2026-01-01T00:0${i}:00.000Z`, dir: `/r/${r.id}`,
      metrics: JSON.stringify(r.metrics), error: r.error ?? null, tags: JSON.stringify(r.tags), acc: r.acc ?? null, parent: r.parent ?? null, relation: r.relation ?? null,
    });
    for (const tag of r.tags) db.prepare('INSERT INTO tags (run_id, tag) VALUES (?, ?)').run(r.id, tag);
    const metric = db.prepare(`INSERT INTO metrics (run_id, name, split, epoch, value) VALUES (?, 'loss', 'val', ?, ?)`);
    for (let e = 1; e <= 3; e++) metric.run(r.id, e, 1 / e);
  });
  db.prepare(`INSERT INTO artifacts (id, run_id, kind, path, created_at) VALUES ('a1', 'parent', 'model', '/r/parent/model.json', @t)`).run({ t: T0 });
  db.prepare(`INSERT INTO studies (id, name, dataset_id, status, created_at) VALUES ('s1', 'study', 'ds', 'finished', @t)`).run({ t: T0 });
  db.prepare(`INSERT INTO trials (id, study_id, number, state, run_id) VALUES ('t4', 's1', 4, 'pruned', 'trial')`).run();
  db.prepare(`INSERT INTO experiments (id, name, base_run_id, status, created_at) VALUES ('e1', 'prune', 'parent', 'completed', @t)`).run({ t: T0 });
  db.prepare(`INSERT INTO experiment_steps (experiment_id, step, kind, run_id, created_at) VALUES ('e1', 1, 'magnitude', 'child', @t)`).run({ t: T0 });
  db.prepare(`INSERT INTO ensembles (id, name, dataset_id, method, status, created_at) VALUES ('en1', 'vote', 'ds', 'voting', 'completed', @t)`).run({ t: T0 });
  db.prepare(`INSERT INTO ensemble_members (ensemble_id, position, run_id, weight) VALUES ('en1', 0, 'parent', 0.5), ('en1', 1, 'child', 0.5)`).run();
  db.prepare(`INSERT INTO explanations (id, run_id, method, created_at) VALUES ('x1', 'parent', 'shap', @t)`).run({ t: T0 });
  db.prepare(`INSERT INTO run_diagnostics (run_id, epoch, data) VALUES ('parent', 1, '{}')`).run();
}

const counts = (db: Database.Database) =>
  Object.fromEntries(Object.entries(CHILDREN).map(([table, col]) => [table, db.prepare(`SELECT COUNT(*) FROM ${table} WHERE ${col} IS NOT NULL`).pluck().get()]));
const indexNames = (db: Database.Database, table: string) =>
  (db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all(table) as string[]);
const triggerNames = (db: Database.Database) => db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'trigger' ORDER BY name`).pluck().all() as string[];

describe('schemas 7 and 8: the runs table', () => {
  const tmp = tempDir();
  after(() => tmp.cleanup());

  test('a schema-6 database upgrades: every row that references a run stays, with its reference enforced', async () => {
    const file = join(tmp.dir, 'v6.db');
    createSchemaFixture(file, 6, seedSchema6);
    const raw = new Database(file, { readonly: true });
    const before = { counts: counts(raw), indexes: indexNames(raw, 'runs'), triggers: triggerNames(raw), runs: raw.prepare('SELECT * FROM runs ORDER BY seq').all() as Record<string, unknown>[] };
    raw.close();
    assert.equal(before.runs.length, 6);

    const store = createSqliteStore(file);
    try {
      const db = store.db;
      assert.equal(schemaVersion(db), latestVersion());
      assert.deepEqual(counts(db), before.counts, 'no child row was deleted or detached');
      assert.deepEqual(db.pragma('foreign_key_check'), []);
      assert.equal(db.pragma('foreign_keys', { simple: true }), 1, 'enforcement is back on');
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
      // Every old index and trigger is back, with the two new pairs of sort indexes.
      assert.deepEqual(indexNames(db, 'runs'), [...before.indexes, 'runs_val_mse', 'runs_val_mse_nl', 'runs_val_r2', 'runs_val_r2_nl'].sort());
      assert.deepEqual(triggerNames(db), before.triggers);

      // The rows themselves, column for column (seq included, which the full-text index keys on).
      const after = db.prepare('SELECT * FROM runs ORDER BY seq').all() as Record<string, unknown>[];
      const later = { status: null, val_r2: undefined, val_mse: undefined, adapter: undefined, backends_tried: undefined };
      assert.deepEqual(after.map((r) => ({ ...r, ...later })), before.runs.map((r) => ({ ...r, ...later })));
      const byId = new Map(after.map((r) => [r.id, r]));
      // Schema 7 copied R² and MSE out of the metrics JSON; a non-finite value stays out, as metricColumns does.
      assert.deepEqual([byId.get('reg-a')!.val_r2, byId.get('reg-a')!.val_mse], [0.91, 0.04]);
      assert.deepEqual([byId.get('reg-b')!.val_r2, byId.get('reg-b')!.val_mse], [-3, null]);
      assert.deepEqual([byId.get('parent')!.val_r2, byId.get('parent')!.val_mse], [null, null]);
      // Schema 8: the study trial the pruner stopped is 'pruned'; a user's cancelled run with a look-alike error is not.
      assert.equal(byId.get('trial')!.status, 'pruned');
      assert.equal(byId.get('stopped')!.status, 'cancelled');
      assert.deepEqual(after.filter((r) => r.id !== 'trial').map((r) => r.status), before.runs.filter((r) => r.id !== 'trial').map((r) => r.status));

      // Reads through the store: lineage, search over old rows (full-text), the new sorts and the status filter.
      assert.deepEqual(await store.runs.lineage('child'), { parentRunId: 'parent', relation: 'pruned' });
      const list = (q: object) => store.runs.list({ offset: 0, limit: 10, sort: 'createdAt', order: 'desc', ...q });
      assert.deepEqual((await list({ search: 'regression' })).items.map((r) => r.id), ['reg-b', 'reg-a']);
      assert.deepEqual((await list({ sort: 'valR2', order: 'desc' })).items.slice(0, 2).map((r) => r.id), ['reg-a', 'reg-b']);
      assert.deepEqual((await list({ sort: 'valMse', order: 'asc' })).items[0].id, 'reg-a');
      assert.deepEqual((await list({ status: 'pruned' })).items.map((r) => r.id), ['trial']);

      // New rows: 'pruned' passes the CHECK, and the rebuilt triggers index them for search.
      await store.runs.insert({ record: makeRun('new-pruned', 'ds', { name: 'fresh trial', status: 'pruned', tags: ['study'] }), artifactDir: '/r/new', ownerId: null });
      assert.deepEqual((await list({ search: 'fresh tri' })).items.map((r) => r.id), ['new-pruned']);
      await store.runs.update('new-pruned', { name: 'renamed trial' });
      assert.deepEqual((await list({ search: 'renamed' })).items.map((r) => r.id), ['new-pruned']);
      assert.throws(() => db.prepare(`UPDATE runs SET status = 'lost' WHERE id = 'parent'`).run(), /CHECK constraint failed/);

      // The references still act: deleting runs cascades, sets null and refuses as before.
      assert.throws(() => db.prepare(`DELETE FROM datasets WHERE id = 'ds'`).run(), /FOREIGN KEY constraint failed/);
      await store.runs.delete('parent');
      assert.equal(db.prepare(`SELECT COUNT(*) FROM metrics WHERE run_id = 'parent'`).pluck().get(), 0);
      assert.equal(db.prepare(`SELECT COUNT(*) FROM explanations WHERE run_id = 'parent'`).pluck().get(), 0);
      assert.equal(db.prepare(`SELECT parent_run_id FROM runs WHERE id = 'child'`).pluck().get(), null);
      assert.equal(db.prepare(`SELECT base_run_id FROM experiments WHERE id = 'e1'`).pluck().get(), null);
      assert.equal(db.prepare(`SELECT run_id FROM ensemble_members WHERE ensemble_id = 'en1' AND position = 0`).pluck().get(), null);
      await store.runs.delete('trial');
      assert.equal(db.prepare(`SELECT run_id FROM trials WHERE id = 't4'`).pluck().get(), null);
      assert.equal(db.prepare(`SELECT COUNT(*) FROM tags WHERE run_id = 'trial'`).pluck().get(), 0);
      assert.deepEqual(db.pragma('foreign_key_check'), []);
    } finally {
      await store.close();
    }
  });

  test('the rebuild only runs with foreign keys off: with them on, dropping runs would have emptied its children', () => {
    const rebuild = loadMigrations().find((m) => m.version === 8)!;
    assert.equal(needsForeignKeysOff(rebuild), true);
    assert.equal(loadMigrations().filter(needsForeignKeysOff).map((m) => m.version).join(), '8');
    // The same SQL without the runner's care: a schema-7 database with foreign keys on loses its metrics.
    const file = join(tmp.dir, 'careless.db');
    createSchemaFixture(file, 6, seedSchema6);
    const db = new Database(file);
    try {
      db.pragma('foreign_keys = ON');
      migrate(db, { target: 7, migrations: loadMigrations().slice(0, 7) });
      const metricsBefore = db.prepare('SELECT COUNT(*) FROM metrics').pluck().get();
      db.transaction(() => db.exec(rebuild.sql))();
      assert.equal(db.prepare('SELECT COUNT(*) FROM metrics').pluck().get(), 0, `DROP TABLE with enforcement on deleted ${metricsBefore} metric rows`);
    } finally {
      db.close();
    }
  });

  test('a rebuild that would break a reference is rolled back whole, enforcement restored', () => {
    const file = join(tmp.dir, 'broken-rebuild.db');
    createSchemaFixture(file, 6, seedSchema6);
    const db = new Database(file);
    try {
      db.pragma('foreign_keys = ON');
      const bad = { version: 7, file: '007_bad.sql', sql: '-- modelbench-migrate: foreign_keys=off\nDELETE FROM runs WHERE id = \'parent\';' };
      assert.throws(() => migrate(db, { migrations: [...loadMigrations().slice(0, 6), bad] }), /007_bad\.sql failed: \d+ rows would break foreign keys \(first: /);
      assert.equal(schemaVersion(db), 6);
      assert.equal(db.prepare(`SELECT COUNT(*) FROM runs WHERE id = 'parent'`).pluck().get(), 1);
      assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
    } finally {
      db.close();
    }
  });
});

describe('schema 9: the adapter and backends tried of a run', () => {
  const tmp = tempDir();
  after(() => tmp.cleanup());

  test('a schema-8 database upgrades: old runs read without an adapter or backends tried, and new ones store both', async () => {
    const file = join(tmp.dir, 'v8.db');
    const config = JSON.stringify(makeRun('x', 'ds').config);
    createSchemaFixture(file, 8, (db) => {
      db.prepare(`INSERT INTO datasets (id, name, source, task, input_shape, num_samples, dir, created_at, info)
        VALUES ('ds', 'Iris', 'sample', 'classification', '[4]', 150, '/d/ds', @t, '{}')`).run({ t: T0 });
      const run = db.prepare(`INSERT INTO runs (id, name, dataset_id, status, config, seed, backend, created_at, artifact_dir)
        VALUES (?, ?, 'ds', ?, ?, 7, ?, ?, ?)`);
      run.run('old-wasm', 'trained on wasm', 'completed', config, 'wasm', T0, '/r/old-wasm');
      run.run('old-queued', 'waiting', 'queued', config, null, T0, '/r/old-queued');
    });
    const store = createSqliteStore(file);
    try {
      assert.ok(schemaVersion(store.db) >= 9);
      const raw = store.db.prepare('SELECT id, adapter, backends_tried FROM runs ORDER BY id').all();
      assert.deepEqual(raw, [{ id: 'old-queued', adapter: null, backends_tried: null }, { id: 'old-wasm', adapter: null, backends_tried: null }]);
      const old = (await store.runs.get('old-wasm'))!;
      assert.equal(old.backend, 'wasm');
      assert.equal('adapter' in old, false, 'not recorded, so absent (not null: null says "no GPU")');
      assert.equal('backendsTried' in old, false);

      // The old queued run starts now on a GPU, as the run lifecycle records it.
      const adapter = { vendor: 'google', architecture: 'swiftshader', device: 'swiftshader-device-subzero-', description: 'SwiftShader driver 5.0.0', software: true };
      const tried = [{ name: 'tensorflow', available: false, reason: 'not installed' }, { name: 'webgpu', available: true, reason: 'named' }];
      await store.runs.update('old-queued', { status: 'running', backend: 'webgpu', adapter, backendsTried: tried });
      const started = (await store.runs.get('old-queued'))!;
      assert.deepEqual([started.backend, started.adapter, started.backendsTried], ['webgpu', adapter, tried]);
      assert.deepEqual(await store.runs.get('old-wasm'), old, 'the other run is untouched');
      const page = await store.runs.list({ offset: 0, limit: 10, sort: 'createdAt', order: 'desc' });
      assert.deepEqual(page.items.find((r) => r.id === 'old-queued')?.adapter, adapter);
    } finally {
      await store.close();
    }
  });
});
