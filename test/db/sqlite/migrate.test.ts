import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DatabaseFileError, openDatabase } from '../../../db/sqlite/database.ts';
import { latestVersion, loadMigrations, migrate, schemaVersion } from '../../../db/sqlite/migrate.ts';
import { createSqliteStore } from '../../../db/sqlite/index.ts';
import { sweepOrphans } from '../../../main/run/ownership.ts';
import { createSchemaFixture, makeRun, tempDir } from '../helpers.ts';

describe('migrations', () => {
  const tmp = tempDir();
  after(() => tmp.cleanup());

  test('the migration files are numbered 1..N and a fresh database ends at N', () => {
    const list = loadMigrations();
    assert.ok(list.length >= 2);
    assert.deepEqual(list.map((m) => m.version), list.map((_, i) => i + 1));
    const db = openDatabase(join(tmp.dir, 'fresh.db'));
    assert.equal(schemaVersion(db), latestVersion());
    db.close();
    // Reopening is a no-op.
    const again = openDatabase(join(tmp.dir, 'fresh.db'));
    assert.equal(schemaVersion(again), latestVersion());
    again.close();
  });

  test('a schema-1 database upgrades with its data intact', async () => {
    const file = join(tmp.dir, 'v1.db');
    const run = makeRun('old-run', 'old-ds', { name: 'Legacy sweep', notes: 'made before search existed', tags: ['legacy'] });
    // Raw SQL as schema 1 knows it: what an older Modelbench would have written.
    createSchemaFixture(file, 1, (db) => {
      db.prepare(
        `INSERT INTO datasets (id, name, source, task, input_shape, num_samples, classes, feature_names, label_name, class_counts, dir, created_at)
         VALUES ('old-ds', 'Iris', 'csv', 'classification', '[4]', 150, '["a","b","c"]', '["f1","f2","f3","f4"]', 'species', '[50,50,50]', '/d/old-ds', '2025-12-01T00:00:00.000Z')`,
      ).run();
      db.prepare(
        `INSERT INTO runs (id, name, dataset_id, status, config, seed, backend, versions, param_count, flops, created_at, started_at,
           finished_at, duration_ms, epochs_done, error, metrics, notes, tags, artifact_dir, val_accuracy, val_f1, val_loss, test_accuracy)
         VALUES (@id, @name, 'old-ds', 'completed', @config, 7, 'cpu', @versions, 1234, 5678, @createdAt, @startedAt, @finishedAt,
           60000, 20, NULL, @metrics, @notes, @tags, '/r/old-run', 0.95, 0.94, 0.2, 0.93)`,
      ).run({
        ...run,
        config: JSON.stringify(run.config),
        versions: JSON.stringify(run.versions),
        metrics: JSON.stringify(run.metrics),
        tags: JSON.stringify(run.tags),
      });
      const metric = db.prepare(`INSERT INTO metrics (run_id, name, split, epoch, value) VALUES ('old-run', 'loss', ?, ?, ?)`);
      for (let e = 0; e < 20; e++) {
        metric.run('train', e, 1 / (e + 1));
        metric.run('val', e, 2 / (e + 1));
      }
    });
    const raw = new Database(file, { readonly: true });
    assert.equal(schemaVersion(raw), 1);
    assert.equal(raw.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'runs_fts'").pluck().get(), 0);
    raw.close();

    const store = createSqliteStore(file);
    try {
      assert.equal(schemaVersion(store.db), latestVersion());
      assert.deepEqual(await store.runs.get('old-run'), { ...run, datasetName: 'Iris', ownerId: null });
      assert.equal((await store.datasets.get('old-ds'))?.numSamples, 150);
      assert.equal((await store.metrics.get('old-run')).length, 40);
      // Migration 2 indexed the rows that were already there, not only new ones.
      assert.deepEqual((await store.runs.list({ offset: 0, limit: 10, sort: 'createdAt', order: 'desc', search: 'LEGACY' })).items.map((r) => r.id), ['old-run']);
      assert.deepEqual((await store.runs.list({ offset: 0, limit: 10, sort: 'createdAt', order: 'desc', search: 'before sear' })).total, 1);
      assert.equal(store.db.pragma('integrity_check', { simple: true }), 'ok');
      assert.deepEqual(store.db.pragma('foreign_key_check'), []);
    } finally {
      await store.close();
    }
  });

  test('schema 4: jobs a schema-3 process left running are swept; ask/tell trials are not', async () => {
    const file = join(tmp.dir, 'v3.db');
    const run = makeRun('left-running', 'ds3', { status: 'running', finishedAt: null });
    createSchemaFixture(file, 3, (db) => {
      db.prepare(
        `INSERT INTO datasets (id, name, source, task, input_shape, num_samples, dir, created_at)
         VALUES ('ds3', 'Iris', 'csv', 'classification', '[4]', 150, '/d/ds3', '2025-12-01T00:00:00.000Z')`,
      ).run();
      db.prepare(
        `INSERT INTO runs (id, name, dataset_id, status, config, seed, created_at, artifact_dir) VALUES ('left-running', 'r', 'ds3', 'running', @config, 1, '2026-01-01T00:00:00.000Z', '/r')`,
      ).run({ config: JSON.stringify(run.config) });
      db.prepare(
        `INSERT INTO studies (id, name, status, directions, objectives, search_space, config, created_at, runner_pid)
         VALUES ('st', 's', 'running', '["maximize"]', '[]', '{}', '{}', '2026-01-01T00:00:00.000Z', 999999)`,
      ).run();
      const trial = db.prepare(`INSERT INTO trials (id, study_id, number, state, worker, started_at) VALUES (?, 'st', ?, 'running', ?, '2026-01-01T00:00:00.000Z')`);
      trial.run('st#0', 0, 0); // a runner's trial (it had a worker slot)
      trial.run('st#1', 1, null); // an ask/tell trial
    });
    const store = createSqliteStore(file);
    try {
      assert.deepEqual(await sweepOrphans(store), { runs: 1, studies: 1, experiments: 0, ensembles: 0, explanations: 0, trials: 1 });
      assert.equal((await store.runs.get('left-running'))?.status, 'interrupted');
      assert.equal((await store.trials.get('st', 0))?.state, 'failed');
      assert.equal((await store.trials.get('st', 1))?.state, 'running');
    } finally {
      await store.close();
    }
  });

  test('schema 5: a schema-4 database upgrades; its ensemble rows keep their members, numbered, and outlive a deleted member run', async () => {
    const file = join(tmp.dir, 'v4.db');
    const runs = ['m-a', 'm-b'].map((id) => makeRun(id, 'ds4'));
    createSchemaFixture(file, 4, (db) => {
      db.prepare(
        `INSERT INTO datasets (id, name, source, task, input_shape, num_samples, dir, created_at, info)
         VALUES ('ds4', 'Digits', 'sample', 'classification', '[64]', 1797, '/d/ds4', '2026-01-01T00:00:00.000Z', '{}')`,
      ).run();
      const insertRun = db.prepare(
        `INSERT INTO runs (id, name, dataset_id, status, config, seed, created_at, artifact_dir, metrics, owner_id)
         VALUES (@id, @name, 'ds4', 'completed', @config, 7, '2026-01-01T00:00:00.000Z', '/r', @metrics, 'someone')`,
      );
      for (const r of runs) insertRun.run({ id: r.id, name: r.name, config: JSON.stringify(r.config), metrics: JSON.stringify(r.metrics) });
      // Schema 1's tables as an older Modelbench could have filled them: position defaulted to 0.
      db.prepare(`INSERT INTO ensembles (id, name, dataset_id, method, config, metrics, created_at) VALUES ('old-ens', 'avg', 'ds4', 'voting', '{}', '{"val":{"accuracy":0.9}}', '2026-01-02T00:00:00.000Z')`).run();
      db.prepare(`INSERT INTO ensemble_members (ensemble_id, run_id, weight) VALUES ('old-ens', 'm-b', 0.25), ('old-ens', 'm-a', 0.75)`).run();
    });
    const store = createSqliteStore(file);
    try {
      assert.equal(schemaVersion(store.db), latestVersion());
      const ens = (await store.ensembles.get('old-ens'))!;
      assert.equal(ens.status, 'completed');
      assert.equal(ens.datasetName, 'Digits');
      assert.equal(ens.metrics.val?.accuracy, 0.9);
      assert.deepEqual(ens.members.map((m) => [m.position, m.runId, m.weight, m.role]), [[0, 'm-a', 0.75, 'member'], [1, 'm-b', 0.25, 'member']]);
      assert.equal((await store.ensembles.list({ offset: 0, limit: 10, sort: 'valAccuracy', order: 'desc' })).total, 1);
      await store.runs.delete('m-a');
      assert.deepEqual((await store.ensembles.get('old-ens'))!.members.map((m) => m.runId), [null, 'm-b']);
      assert.equal(store.db.pragma('integrity_check', { simple: true }), 'ok');
      assert.deepEqual(store.db.pragma('foreign_key_check'), []);
      // The members' foreign key follows the renamed table.
      const fk = store.db.pragma('foreign_key_list(ensemble_members)') as { table: string }[];
      assert.deepEqual(fk.map((k) => k.table).sort(), ['ensembles', 'runs']);
    } finally {
      await store.close();
    }
  });

  test('schema 6: a schema-5 database upgrades; an old explanation reads as completed, and diagnostics go with their run', async () => {
    const file = join(tmp.dir, 'v5.db');
    const run = makeRun('x-run', 'ds5');
    const settings = { method: 'kernel-shap', requested: 'kernel-shap', split: 'val', first: 0, count: 1, target: 'predicted', background: 5, options: {} };
    createSchemaFixture(file, 5, (db) => {
      db.prepare(
        `INSERT INTO datasets (id, name, source, task, input_shape, num_samples, dir, created_at, info)
         VALUES ('ds5', 'Iris', 'sample', 'classification', '[4]', 150, '/d/ds5', '2026-01-01T00:00:00.000Z', '{}')`,
      ).run();
      db.prepare(
        `INSERT INTO runs (id, name, dataset_id, status, config, seed, created_at, artifact_dir, metrics)
         VALUES ('x-run', 'r', 'ds5', 'completed', @config, 7, '2026-01-01T00:00:00.000Z', '/r', '{}')`,
      ).run({ config: JSON.stringify(run.config) });
      // Schema 1's explanations columns, as an older Modelbench could have filled them.
      db.prepare(`INSERT INTO explanations (id, run_id, method, config, result, created_at) VALUES ('old-x', 'x-run', 'kernel-shap', @config, '{"kind":"local"}', '2026-01-02T00:00:00.000Z')`)
        .run({ config: JSON.stringify(settings) });
    });
    const store = createSqliteStore(file);
    try {
      assert.equal(schemaVersion(store.db), latestVersion());
      const old = (await store.explanations.get('old-x'))!;
      assert.deepEqual([old.status, old.settingsKey, old.settings, old.result, old.ownerId], ['completed', '', settings, { kind: 'local' }, null]);
      await store.diagnostics.put('x-run', { epoch: 1, loss: 1, gradNorm: 1, layers: [] });
      assert.deepEqual(await store.diagnostics.epochs('x-run'), [1]);
      await store.runs.delete('x-run');
      assert.deepEqual(await store.diagnostics.epochs('x-run'), []);
      assert.equal(await store.explanations.get('old-x'), undefined);
      assert.equal(store.db.pragma('integrity_check', { simple: true }), 'ok');
    } finally {
      await store.close();
    }
  });

  test('a failing migration leaves the database at the previous version', () => {
    const file = join(tmp.dir, 'failing.db');
    const db = openDatabase(file);
    const broken = [...loadMigrations(), { version: latestVersion() + 1, file: '999_broken.sql', sql: 'CREATE TABLE half_done (a); INSERT INTO no_such_table VALUES (1);' }];
    assert.throws(() => migrate(db, { migrations: broken }), /999_broken\.sql failed: no such table: no_such_table/);
    assert.equal(schemaVersion(db), latestVersion());
    assert.equal(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'half_done'").pluck().get(), 0);
    db.close();
  });

  test('migration files with a gap are refused', () => {
    const dir = join(tmp.dir, 'gappy');
    mkdirSync(dir);
    writeFileSync(join(dir, '001_a.sql'), 'CREATE TABLE a (x);');
    writeFileSync(join(dir, '003_c.sql'), 'CREATE TABLE c (x);');
    assert.throws(() => loadMigrations(dir), /expected version 2, found 003_c\.sql/);
  });

  test('a database from a newer Modelbench is refused, untouched', () => {
    const file = join(tmp.dir, 'future.db');
    const future = latestVersion() + 1;
    const db = new Database(file);
    db.pragma(`user_version = ${future}`);
    db.close();
    assert.throws(
      () => openDatabase(file),
      (e: Error) => e.message === `database schema version ${future} is newer than this Modelbench (${latestVersion()}); update Modelbench`,
    );
    const check = new Database(file, { readonly: true });
    assert.equal(schemaVersion(check), future);
    assert.equal(check.pragma('journal_mode', { simple: true }), 'delete', 'not even switched to WAL');
    check.close();
  });

  test('a file that is not a database gives a clear error and is left alone', () => {
    const file = join(tmp.dir, 'notes.db');
    const text = 'these are my notes, not a database\n'.repeat(200);
    writeFileSync(file, text);
    assert.throws(() => openDatabase(file), (e: Error) => e instanceof DatabaseFileError && /is not a Modelbench database \(it is not an SQLite file\)/.test(e.message));
    assert.throws(() => createSqliteStore(file), DatabaseFileError);

    // A file with the right magic but a garbage body is caught at the first read.
    const fake = join(tmp.dir, 'fake.db');
    writeFileSync(fake, Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(4096, 0xab)]));
    assert.throws(() => openDatabase(fake), (e: Error) => e instanceof DatabaseFileError && /is not a usable Modelbench database/.test(e.message));
  });
});
