/** The storage setting in settings.json: written for the next start without losing other keys, owner-only, and the password kept or replaced as asked. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSettings, savedStorageUrl, saveStorageUrl, settingUrl } from '../../../main/storage/settings.ts';
import { StorageSetting } from '../../../main/storage/types.ts';

const pg = (over: Record<string, unknown> = {}) => StorageSetting.parse({ kind: 'postgresql', url: 'postgresql://mb@db:5432/bench', ...over });

test('saving sets or removes "storage", keeps the other keys, and leaves a file only its owner reads', () => {
  const home = mkdtempSync(join(tmpdir(), 'mb-settings-'));
  try {
    writeFileSync(join(home, 'settings.json'), JSON.stringify({ theme: 'dark', storage: 'sqlite' }));
    saveStorageUrl(home, 'postgresql://mb:pw@db/bench');
    assert.deepEqual(readSettings(home), { theme: 'dark', storage: 'postgresql://mb:pw@db/bench' });
    assert.equal(statSync(join(home, 'settings.json')).mode & 0o777, 0o600);
    assert.equal(savedStorageUrl(home), 'postgresql://mb:pw@db/bench');
    saveStorageUrl(home, undefined);
    assert.deepEqual(JSON.parse(readFileSync(join(home, 'settings.json'), 'utf8')), { theme: 'dark' });
    assert.equal(savedStorageUrl(home), undefined);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('a setting\'s URL: the given password wins, a saved one for the same user, server and database is kept, artifacts is ours', () => {
  const saved = 'postgresql://mb:old%40pw@db:5432/bench?sslmode=require';
  assert.equal(settingUrl(StorageSetting.parse({ kind: 'sqlite' }), saved), undefined);
  assert.equal(settingUrl(pg(), saved), 'postgresql://mb:old%40pw@db:5432/bench');
  assert.equal(settingUrl(pg({ password: 'n:w@/' }), saved), 'postgresql://mb:n%3Aw%40%2F@db:5432/bench');
  assert.equal(new URL(settingUrl(pg({ password: 'n:w@/' }), saved)!).password, 'n%3Aw%40%2F', 'encoded once, as pg decodes it');
  // Another user, server, port or database: the saved password is not sent there.
  for (const url of ['postgresql://other@db:5432/bench', 'postgresql://mb@elsewhere:5432/bench', 'postgresql://mb@db:5433/bench', 'postgresql://mb@db:5432/other']) {
    assert.equal(new URL(settingUrl(pg({ url }), saved)!).password, '', url);
  }
  assert.equal(settingUrl(pg({ artifacts: 'folder' }), undefined), 'postgresql://mb@db:5432/bench?artifacts=folder');
  assert.equal(settingUrl(pg({ url: 'postgresql://mb@db:5432/bench?artifacts=folder&sslmode=verify-full' }), undefined), 'postgresql://mb@db:5432/bench?sslmode=verify-full');
  assert.equal(settingUrl(pg({ url: 'postgresql://mb:typed@db:5432/bench' }), saved), 'postgresql://mb:typed@db:5432/bench', 'a password in the URL stays');
});

test('the setting schema refuses what the screen must not send', () => {
  for (const bad of [{ kind: 'sqlite', file: '/etc/passwd' }, { kind: 'postgresql' }, { kind: 'postgresql', url: '' }, { kind: 'mysql', url: 'mysql://x' },
    { kind: 'postgresql', url: 'x'.repeat(2001) }, { kind: 'postgresql', url: 'postgresql://h/db', artifacts: 's3' }]) {
    assert.equal(StorageSetting.safeParse(bad).success, false, JSON.stringify(bad).slice(0, 80));
  }
});
