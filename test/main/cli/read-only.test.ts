/** Read-only commands change nothing in the data folder, not even a run another live process owns. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
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

// Passes once the engine takes `readOnly: true` (no owner row for itself, no marking of other processes' jobs).
test('runs, show, lists and exports leave a running run of another live process untouched', { todo: 'needs engine readOnly' }, async (t) => {
  const dir = tempDir(t);
  const homeDir = join(dir, 'home');
  const home = ['--home', homeDir];
  assert.equal((await cli(['dataset', 'import', '--sample', 'iris', ...home])).code, 0);
  const run = JSON.parse((await cli(['train', '--dataset', 'iris', '--epochs', '1', ...home, '--json'])).lines.at(-1)!);
  const file = join(homeDir, 'modelbench.db');
  // This test process is the live owner: same host, its pid, a fresh heartbeat and a long lease.
  const db = new Database(file);
  const now = Date.now();
  db.prepare('INSERT INTO owners (id, pid, host, label, started_ms, heartbeat_ms, lease_ms) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run('owner_test', process.pid, hostname(), 'test', now, now, 3_600_000);
  db.prepare("UPDATE runs SET status = 'running', owner_id = 'owner_test' WHERE id = ?").run(run.id);
  db.close();
  const before = snapshot(file);
  for (const args of [['runs'], ['show', run.id], ['dataset', 'list'], ['studies'], ['experiments'], ['presets'], ['runs', '--json']]) {
    const r = await cli([...args, ...home]);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  }
  const after = snapshot(file);
  assert.deepEqual(Object.keys(after), Object.keys(before));
  for (const table of Object.keys(before)) assert.deepEqual(after[table], before[table], `table ${table} changed`);
});
