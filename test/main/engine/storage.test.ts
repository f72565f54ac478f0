/**
 * Where results are stored, through the API the settings screen uses: app.info
 * and storage.info show the store in use (never a password), storage.test opens
 * a choice read-only, storage.save writes it for the next start, and the next
 * engine on that data folder opens what was saved.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../../../main/engine/engine.ts';
import { freshDatabase, pgServer, SKIP_REASON } from '../../db/postgres/cluster.ts';

const server = await pgServer();
after(async () => server?.stop());
const SECRET = 'hunter2-s3cret';

test('a data folder on SQLite: app.info and storage.info say so; saving SQLite again leaves the choice to the default', async () => {
  const home = mkdtempSync(join(tmpdir(), 'mb-storage-engine-'));
  const engine = await createEngine({ home, workers: 1 });
  try {
    const file = join(home, 'modelbench.db');
    assert.deepEqual((await engine.call('app.info', {})).storage, { kind: 'sqlite', location: file, artifacts: 'folder', source: 'default' });
    const info = await engine.call('storage.info', {});
    assert.deepEqual(info, {
      current: { kind: 'sqlite', location: file, artifacts: 'folder', source: 'default' },
      saved: { kind: 'sqlite', location: file, artifacts: 'folder', hasPassword: false },
      settingsFile: join(home, 'settings.json'),
    });
    assert.equal((await engine.call('storage.test', { setting: { kind: 'sqlite' } })).schemaVersion !== null, true, 'the open file has a schema');
    await engine.call('storage.save', { setting: { kind: 'sqlite' } });
    assert.deepEqual(JSON.parse(readFileSync(join(home, 'settings.json'), 'utf8')), {});
    await assert.rejects(engine.call('storage.test', { setting: { kind: 'postgresql', url: 'sqlite:/tmp/x.db' } }), (e: Error & { code?: string }) =>
      e.code === 'invalid_argument' && /Expected a PostgreSQL URL/.test(e.message));
  } finally {
    await engine.close();
    rmSync(home, { recursive: true, force: true });
  }
});

test('PostgreSQL chosen, tested and saved: applied at the next start; the password is kept in settings.json and shown nowhere', { skip: server ? false : SKIP_REASON, timeout: 120_000 }, async () => {
  const db = await freshDatabase(server!.url);
  const home = mkdtempSync(join(tmpdir(), 'mb-storage-engine-'));
  const bare = db.url; // the test cluster trusts local connections: the password is carried, not checked
  const setting = { kind: 'postgresql' as const, url: bare, password: SECRET, artifacts: 'database' as const };
  const seen: unknown[] = [];
  try {
    const first = await createEngine({ home, workers: 1 });
    try {
      const tested = await first.call('storage.test', { setting });
      seen.push(tested);
      assert.deepEqual(tested, { kind: 'postgresql', location: bare, artifacts: 'database', schemaVersion: null, latestVersion: tested.latestVersion });
      const saved = await first.call('storage.save', { setting });
      seen.push(saved);
      assert.deepEqual(saved.saved, { kind: 'postgresql', location: bare, artifacts: 'database', hasPassword: true });
      assert.equal(saved.current.kind, 'sqlite', 'this process keeps its store until the next start');
      assert.equal(new URL(JSON.parse(readFileSync(join(home, 'settings.json'), 'utf8')).storage).password, SECRET);
      // Testing again without the password (the screen never has it back) uses the saved one; only the artifact place changes.
      const again = await first.call('storage.save', { setting: { kind: 'postgresql', url: bare, artifacts: 'folder' } });
      seen.push(again);
      assert.deepEqual(again.saved, { kind: 'postgresql', location: bare, artifacts: 'folder', hasPassword: true });
    } finally {
      await first.close();
    }
    const next = await createEngine({ home, workers: 1 });
    try {
      const info = await next.call('app.info', {});
      seen.push(info, await next.call('storage.info', {}));
      assert.deepEqual(info.storage, { kind: 'postgresql', location: bare, artifacts: 'folder', source: 'settings' });
      // The store was set up when this engine opened it.
      const tested = await next.call('storage.test', { setting: { kind: 'postgresql', url: bare } });
      assert.equal(tested.schemaVersion, tested.latestVersion);
    } finally {
      await next.close();
    }
    // --storage (or MODELBENCH_STORAGE) wins over the saved setting, and says so.
    const flagged = await createEngine({ home, workers: 1, storage: 'sqlite' });
    try {
      assert.deepEqual((await flagged.call('app.info', {})).storage.source, 'flag');
      assert.equal((await flagged.call('storage.info', {})).saved.kind, 'postgresql');
    } finally {
      await flagged.close();
    }
    assert.equal(JSON.stringify(seen).includes(SECRET), false, 'no result carries the password');
  } finally {
    rmSync(home, { recursive: true, force: true });
    await db.drop();
  }
});
