/**
 * storage.test's probe: the store a URL names, opened read-only and closed,
 * with a clear error for each way it can fail and never the password.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../../../db/postgres/connection.ts';
import { createPostgresStore } from '../../../db/postgres/index.ts';
import { pgMigrations } from '../../../db/postgres/migrate.ts';
import { createSqliteStore } from '../../../db/sqlite/index.ts';
import { latestVersion } from '../../../db/sqlite/migrate.ts';
import { probeStorage } from '../../../main/storage/probe.ts';
import { freshDatabase, pgServer, SKIP_REASON, withDatabase } from '../../db/postgres/cluster.ts';

const server = await pgServer();
after(async () => server?.stop());

const refused = (pattern: RegExp, code = 'invalid_argument') => (e: Error & { code?: string }) => {
  assert.equal(e.code, code, e.message);
  assert.match(e.message, pattern);
  assert.equal(e.message.includes('hunter2'), false, e.message);
  return true;
};

test('SQLite: no file yet (created at the next start), a Modelbench file, a file that is not one, one from a newer Modelbench', async () => {
  const home = mkdtempSync(join(tmpdir(), 'mb-probe-'));
  try {
    assert.deepEqual(await probeStorage(home, undefined), {
      kind: 'sqlite', location: join(home, 'modelbench.db'), artifacts: 'folder', schemaVersion: null, latestVersion: latestVersion(),
    });
    const store = createSqliteStore(join(home, 'modelbench.db'));
    await store.close();
    assert.equal((await probeStorage(home, 'sqlite')).schemaVersion, latestVersion());
    writeFileSync(join(home, 'notes.db'), 'just some text, not SQLite at all');
    await assert.rejects(probeStorage(home, 'sqlite:notes.db'), refused(/Cannot open .*notes\.db as a Modelbench database/));
    const newer = createSqliteStore(join(home, 'newer.db'));
    newer.db.pragma(`user_version = ${latestVersion() + 1}`);
    await newer.close();
    await assert.rejects(probeStorage(home, 'sqlite:newer.db'), refused(/written by a newer Modelbench/, 'conflict'));
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('PostgreSQL: an empty database is fine and stays empty (read-only); a migrated one gives its version', { skip: server ? false : SKIP_REASON }, async () => {
  const db = await freshDatabase(server!.url);
  try {
    const empty = await probeStorage('/unused', db.url);
    assert.deepEqual(empty, { kind: 'postgresql', location: db.url, artifacts: 'database', schemaVersion: null, latestVersion: pgMigrations().at(-1)!.version });
    const look = connect(db.url);
    try {
      assert.deepEqual(await look.query(`SELECT to_regclass('schema_migrations')::text AS t`), [{ t: null }], 'the probe created nothing');
    } finally {
      await look.end();
    }
    await (await createPostgresStore(db.url)).close();
    const migrated = await probeStorage('/unused', `${db.url}?artifacts=folder`);
    assert.equal(migrated.schemaVersion, pgMigrations().at(-1)!.version);
    assert.equal(migrated.artifacts, 'folder');
  } finally {
    await db.drop();
  }
});

test('PostgreSQL: no such database, nobody listening, a server that never answers: each says so, without the password', { skip: server ? false : SKIP_REASON, timeout: 60_000 }, async () => {
  const u = new URL(withDatabase(server!.url, 'mb_no_such_database'));
  u.password = 'hunter2';
  await assert.rejects(probeStorage('/unused', u.toString()), refused(/Cannot open postgresql:\/\/postgres@.*mb_no_such_database: database "mb_no_such_database" does not exist/));
  // A port nobody listens on: taken and released.
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  await assert.rejects(probeStorage('/unused', `postgresql://mb:hunter2@127.0.0.1:${port}/x`), refused(/ECONNREFUSED/));
  // A server that accepts and never speaks: the probe gives up within its timeout.
  const silent = createServer(() => {}).listen(0, '127.0.0.1');
  await new Promise((r) => silent.once('listening', r));
  try {
    const silentPort = (silent.address() as { port: number }).port;
    await assert.rejects(probeStorage('/unused', `postgresql://mb:hunter2@127.0.0.1:${silentPort}/x`, { timeoutMs: 500 }), refused(/timeout|timed out/i));
  } finally {
    silent.close();
  }
});
