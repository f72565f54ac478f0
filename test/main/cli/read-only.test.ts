/** Read-only commands change nothing in the data folder, not even a run another live process owns. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { cli, tempDir } from './helpers.ts';

/** Every row of every table, in a stable order. */
function snapshot(file: string): Record<string, string[]> {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
    const rows = (name: string) => db.prepare(`SELECT * FROM "${name}"`).all().map((r) => JSON.stringify(r)).sort();
    return Object.fromEntries(tables.map(({ name }) => [name, rows(name)]));
  } finally {
    db.close();
  }
}

// A read-only engine neither registers itself as an owner nor marks other processes' jobs interrupted:
// the run of a live owner stays running (as for any engine), and so does the run of an owner that is gone,
// which an engine that runs jobs would mark interrupted (so this test tells the two apart).
test('runs, show, lists and exports change nothing: runs of live and of gone owners stay running', async (t) => {
  const dir = tempDir(t);
  const homeDir = join(dir, 'home');
  const home = ['--home', homeDir];
  assert.equal((await cli(['dataset', 'import', '--sample', 'iris', ...home])).code, 0);
  const train = async () => JSON.parse((await cli(['train', '--dataset', 'iris', '--epochs', '1', ...home, '--json'])).lines.at(-1)!).id as string;
  const live = await train();
  const orphan = await train();
  const gone = spawnSync(process.execPath, ['-e', '']).pid;
  const file = join(homeDir, 'modelbench.db');
  const db = new Database(file);
  const now = Date.now();
  const owner = db.prepare('INSERT INTO owners (id, pid, host, label, started_ms, heartbeat_ms, lease_ms) VALUES (?, ?, ?, ?, ?, ?, ?)');
  // This test process is the live owner: same host, its pid, a fresh heartbeat and a long lease.
  owner.run('owner_live', process.pid, hostname(), 'test', now, now, 3_600_000);
  owner.run('owner_gone', gone, hostname(), 'test', now - 60_000, now - 60_000, 1_000);
  db.prepare("UPDATE runs SET status = 'running', owner_id = ? WHERE id = ?").run('owner_live', live);
  db.prepare("UPDATE runs SET status = 'running', owner_id = ? WHERE id = ?").run('owner_gone', orphan);
  db.close();
  const before = snapshot(file);
  for (const args of [['runs'], ['show', live], ['show', orphan], ['dataset', 'list'], ['studies'], ['experiments'], ['presets'], ['runs', '--json']]) {
    const r = await cli([...args, ...home]);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  }
  const after = snapshot(file);
  assert.deepEqual(Object.keys(after), Object.keys(before));
  for (const table of Object.keys(before)) assert.deepEqual(after[table], before[table], `table ${table} changed`);
});
