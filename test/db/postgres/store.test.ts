/**
 * The PostgreSQL store: the shared contract suite on a fresh database, plus
 * what only this backend has (its migrations, the URL shown without password).
 * The server: MODELBENCH_TEST_PG_URL, else a throwaway cluster (cluster.ts);
 * with neither, the suite is skipped with the reason.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPostgresStore } from '../../../db/postgres/index.ts';
import { connect } from '../../../db/postgres/connection.ts';
import { migratePg, pgMigrations } from '../../../db/postgres/migrate.ts';
import { INSERT_COLUMNS } from '../../../db/sqlite/runs.ts';
import { makeStudy, storeContract } from '../store-contract.ts';
import { makeDataset, makeRun } from '../helpers.ts';
import { freshDatabase, pgServer, SKIP_REASON, type PgServer } from './cluster.ts';

const server: PgServer | null = await pgServer();
after(async () => server?.stop());

if (!server) {
  test('postgresql store', { skip: SKIP_REASON }, () => {});
} else {
  storeContract('postgresql', async () => {
    const db = await freshDatabase(server.url);
    return { open: () => createPostgresStore(db.url), cleanup: () => db.drop() };
  });

  describe('postgresql specifics', () => {
    let db: Awaited<ReturnType<typeof freshDatabase>>;
    before(async () => (db = await freshDatabase(server.url)));
    after(async () => db.drop());

    test('migrations apply once, however many processes open a fresh database at once', async () => {
      const stores = await Promise.all(Array.from({ length: 6 }, () => createPostgresStore(db.url)));
      try {
        const rows = await stores[0].connection.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
        assert.deepEqual(rows.map((r) => r.version), pgMigrations().map((m) => m.version));
        assert.deepEqual(await migratePg(stores[1].connection), { from: pgMigrations().length, to: pgMigrations().length });
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
    });

    test('a schema-4 database upgrades: regression runs get their sortable R² and MSE, pruned study trials their status', async () => {
      const old = await freshDatabase(server.url);
      const conn = connect(old.url);
      try {
        await migratePg(conn, { target: 4 });
        await conn.query(`INSERT INTO datasets (id, name, source, task, dir, num_samples, created_at) VALUES ('ds', 'Iris', 'sample', 'regression', '/d', 150, 'x')`);
        const run = (id: string, status: string, metrics: object, error: string | null, tags: string[]) =>
          conn.query(`INSERT INTO runs (id, name, dataset_id, status, config, seed, created_at, artifact_dir, metrics, error, tags)
            VALUES ($1, $1, 'ds', $2, '{}', 1, 'x', '/r', $3, $4, $5)`, [id, status, JSON.stringify(metrics), error, JSON.stringify(tags)]);
        await run('reg', 'completed', { val: { r2: 0.8, mse: 0.2 } }, null, []);
        await run('nan', 'diverged', { val: { r2: -2, mse: 'NaN' } }, null, []);
        await run('trial', 'cancelled', { val: { r2: 0.1 } }, 'pruned at epoch 3', ['study', 'study:s1']);
        await run('mine', 'cancelled', {}, 'pruned at epoch 3', ['mine']);
      } finally {
        await conn.end();
      }
      const store = await createPostgresStore(old.url);
      try {
        const rows = await store.connection.query<{ id: string; status: string; val_r2: number | null; val_mse: number | null }>('SELECT id, status, val_r2, val_mse FROM runs ORDER BY id');
        assert.deepEqual(rows.map((r) => [r.id, r.status, r.val_r2, r.val_mse]), [
          ['mine', 'cancelled', null, null], ['nan', 'diverged', -2, null], ['reg', 'completed', 0.8, 0.2], ['trial', 'pruned', 0.1, null],
        ]);
      } finally {
        await store.close();
        await old.drop();
      }
    });

    test('a database from a newer Modelbench is refused', async () => {
      const store = await createPostgresStore(db.url);
      await store.connection.query(`INSERT INTO schema_migrations (version, file, applied_at) VALUES (999, '999_future.sql', 'x')`);
      await store.close();
      await assert.rejects(createPostgresStore(db.url), /newer than this Modelbench/);
      const fix = await import('pg');
      const c = new fix.default.Client({ connectionString: db.url });
      await c.connect();
      await c.query('DELETE FROM schema_migrations WHERE version = 999');
      await c.end();
    });

    test('a backend terminated between two statements of a transaction: the call is retried on a new connection, nothing crashes', async () => {
      const store = await createPostgresStore(db.url);
      const admin = await createPostgresStore(db.url);
      try {
        let attempts = 0;
        const result = await store.connection.tx(async (c) => {
          attempts++;
          const [{ pid }] = (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
          if (attempts === 1) {
            await admin.connection.query('SELECT pg_terminate_backend($1)', [pid]);
            // The termination reaches this idle, checked-out client as an 'error' event before the next statement.
            await new Promise((r) => setTimeout(r, 300));
          }
          return (await c.query<{ one: number }>('SELECT 1 AS one')).rows[0].one;
        });
        assert.equal(result, 1);
        assert.equal(attempts, 2);
      } finally {
        await store.close();
        await admin.close();
      }
    });

    test('a claim whose connection drops during COMMIT is retried and makes exactly one trial', async () => {
      const store = await createPostgresStore(db.url);
      try {
        await store.studies.insert(makeStudy('commit-drop'));
        // The first COMMIT that inserts a trial kills its own backend (a deferred trigger runs at COMMIT): the client
        // cannot tell whether it committed. A sequence counts outside the transaction, so it happens once.
        await store.connection.query(`
          CREATE SEQUENCE kill_once;
          CREATE FUNCTION kill_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN IF nextval('kill_once') = 1 THEN PERFORM pg_terminate_backend(pg_backend_pid()); END IF; RETURN NULL; END $$;
          CREATE CONSTRAINT TRIGGER kill_at_commit AFTER INSERT ON trials DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kill_at_commit();`);
        const claimed = await store.trials.claimNext('commit-drop', { params: { x: 1 }, worker: 0, retryOf: null, startedAt: '2026-01-01T00:00:00Z', ownerId: null }, 5);
        assert.deepEqual(claimed, { number: 0, params: { x: 1 }, retryOf: null });
        assert.equal((await store.trials.counts('commit-drop')).total, 1);
        await store.connection.query('DROP TRIGGER kill_at_commit ON trials; DROP FUNCTION kill_at_commit(); DROP SEQUENCE kill_once;');
      } finally {
        await store.close();
      }
    });

    test('writes whose connection drops during COMMIT are retried and land once: a run, a dataset named uniquely, an owners\' sweep', async () => {
      const store = await createPostgresStore(db.url);
      /** The first COMMIT that changes `table` kills its own backend (a deferred trigger), once: the client cannot tell whether it committed. */
      const killAtCommit = (table: string, event: string) => store.connection.query(`
        CREATE SEQUENCE kill_${table};
        CREATE FUNCTION kill_${table}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF nextval('kill_${table}') = 1 THEN PERFORM pg_terminate_backend(pg_backend_pid()); END IF; RETURN NULL; END $$;
        CREATE CONSTRAINT TRIGGER kill_${table} AFTER ${event} ON ${table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kill_${table}();`);
      const done = (table: string) => store.connection.query(`DROP TRIGGER kill_${table} ON ${table}; DROP FUNCTION kill_${table}(); DROP SEQUENCE kill_${table};`);
      try {
        await killAtCommit('datasets', 'INSERT');
        assert.equal(await store.datasets.insertUnique(makeDataset('ds-lost', { name: 'lost commit' }), { explicit: false }), 'lost commit');
        assert.deepEqual((await store.datasets.list()).filter((d) => d.name.startsWith('lost commit')).map((d) => [d.id, d.name]), [['ds-lost', 'lost commit']]);
        await done('datasets');

        await killAtCommit('runs', 'INSERT');
        await store.runs.insert({ record: makeRun('run-lost', 'ds-lost', { status: 'running', finishedAt: null }), artifactDir: '/r', ownerId: 'gone-owner' });
        assert.equal((await store.runs.get('run-lost'))?.status, 'running');
        await done('runs');

        await killAtCommit('runs', 'UPDATE');
        await store.owners.interruptOrphans(['gone-owner'], '2026-01-01T00:00:00.000Z');
        assert.equal((await store.runs.get('run-lost'))?.status, 'interrupted', 'the sweep landed');
        await done('runs');
      } finally {
        await store.close();
      }
    });

    test('runs are inserted through the SQLite store\'s insertColumns, which fills every column of this runs table but seq', async () => {
      const store = await createPostgresStore(db.url);
      try {
        const cols = await store.connection.query<{ column_name: string }>(
          `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'runs' AND column_name <> 'seq'`,
        );
        assert.deepEqual(cols.map((c) => c.column_name).sort(), [...INSERT_COLUMNS].sort());
      } finally {
        await store.close();
      }
    });

    test('location is the URL without its password', async () => {
      const u = new URL(db.url);
      u.password = 's3cret';
      const store = await createPostgresStore(u.toString()).catch((e: Error) => e);
      // trust authentication ignores the password; either way, no message or location carries it.
      if (store instanceof Error) assert.equal(store.message.includes('s3cret'), false);
      else {
        assert.equal(store.location.includes('s3cret'), false);
        assert.equal(store.kind, 'postgresql');
        await store.close();
      }
    });
  });
}
