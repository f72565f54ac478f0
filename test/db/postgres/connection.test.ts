/**
 * The PostgreSQL connection pool under dropped connections: what the workers'
 * dropped-connection test (test/main/worker) met once in about five runs on a
 * loaded machine, made to happen every time.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { connect } from '../../../db/postgres/connection.ts';
import { freshDatabase, pgServer, SKIP_REASON } from './cluster.ts';

const server = await pgServer();
after(async () => server?.stop());
const repoRoot = new URL('../../../', import.meta.url).pathname;

/**
 * Blocks this process (not its event loop's timers: the whole thread) until the backend `pid` has answered its
 * statement and gone idle, then terminates it: the answer and the server's FATAL wait unread in one socket buffer,
 * as when a worker starved of CPU reads late.
 */
function terminateWhenIdle(url: string, pid: number): void {
  const script = `const pg = require('pg');
    (async () => {
      const c = new pg.Client({ connectionString: process.argv[1] });
      await c.connect();
      for (let i = 0; i < 3000; i++) {
        const { rows } = await c.query('SELECT state FROM pg_stat_activity WHERE pid = $1', [${pid}]);
        if (rows[0]?.state === 'idle') break;
        await new Promise((r) => setTimeout(r, 10));
      }
      await c.query('SELECT pg_terminate_backend($1)', [${pid}]);
      await c.end();
    })().catch((e) => { console.error(e.message); process.exit(1); });`;
  const r = spawnSync(process.execPath, ['-e', script, url], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
}

test('a FATAL read together with the answer that frees a client, while a transaction waits for one: retried, nothing unheard', { skip: server ? false : SKIP_REASON, timeout: 120_000 }, async () => {
  const db = await freshDatabase(server!.url);
  const conn = connect(db.url, { max: 1 });
  const unheard: Error[] = [];
  const onUncaught = (e: Error) => unheard.push(e);
  process.on('uncaughtException', onUncaught);
  try {
    const [{ pid }] = await conn.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const first = conn.query('SELECT pg_sleep(0.5)');
    // Waits for the pool's only client, which the first statement holds.
    const second = conn.tx(async (c) => (await c.query<{ n: number }>('SELECT 2 AS n')).rows[0].n);
    await new Promise((r) => setImmediate(r));
    terminateWhenIdle(db.url, pid);
    // Reading that buffer: the answer hands the client to the waiting transaction, then the FATAL reaches it.
    // Before the fix the pool handed it over with no 'error' listener until the transaction's await resumed.
    assert.deepEqual(await first, [{ pg_sleep: '' }]);
    assert.equal(await second, 2, 'the transaction was retried on a new connection');
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(unheard.map((e) => e.message), []);
  } finally {
    process.off('uncaughtException', onUncaught);
    await conn.end();
    await db.drop();
  }
});
