import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formFromInfo, savedDiffers, settingKey, settingOf, storeLine, testSummary } from '../../../renderer/src/lib/storage-settings.ts';
import type { StorageInfo } from '../../../main/storage/types.ts';
import { StorageSetting } from '../../../main/storage/types.ts';

const sqliteHere = { kind: 'sqlite' as const, location: '/home/me/.modelbench/modelbench.db', artifacts: 'folder' as const };
const shared = { kind: 'postgresql' as const, location: 'postgresql://mb@db:5432/bench', artifacts: 'database' as const };
const info = (saved: StorageInfo['saved']): StorageInfo => ({ current: { ...sqliteHere, source: 'default' }, saved, settingsFile: '/home/me/.modelbench/settings.json' });

test('the form starts from the saved setting, never with a password, and sends what the engine\'s schema accepts', () => {
  const fromPg = formFromInfo(info({ ...shared, hasPassword: true }));
  assert.deepEqual(fromPg, { kind: 'postgresql', url: 'postgresql://mb@db:5432/bench', password: '', artifacts: 'database' });
  assert.deepEqual(settingOf(fromPg), { kind: 'postgresql', url: 'postgresql://mb@db:5432/bench', artifacts: 'database' }, 'no password: the saved one is kept');
  assert.deepEqual(settingOf({ ...fromPg, url: '  postgresql://x@h/db ', password: 'pw', artifacts: 'folder' }), { kind: 'postgresql', url: 'postgresql://x@h/db', artifacts: 'folder', password: 'pw' });
  assert.deepEqual(settingOf({ ...fromPg, kind: 'sqlite' }), { kind: 'sqlite' });
  for (const form of [fromPg, { ...fromPg, password: 'pw' }, { ...fromPg, kind: 'sqlite' as const }]) assert.ok(StorageSetting.safeParse(settingOf(form)).success);
  assert.deepEqual(formFromInfo(info({ ...sqliteHere, hasPassword: false })).kind, 'sqlite');
  assert.notEqual(settingKey(fromPg), settingKey({ ...fromPg, artifacts: 'folder' }), 'a changed value must be tested again');
  assert.equal(settingKey(fromPg), settingKey({ ...fromPg }));
});

test('what the screen says: the store with its files, whether the next start differs, what a test found', () => {
  assert.equal(storeLine(shared), 'PostgreSQL postgresql://mb@db:5432/bench · model files in the database');
  assert.equal(storeLine(sqliteHere), 'SQLite file /home/me/.modelbench/modelbench.db · model files in the data folder');
  assert.equal(savedDiffers(info({ ...sqliteHere, hasPassword: false })), false);
  assert.equal(savedDiffers(info({ ...shared, hasPassword: false })), true);
  assert.match(testSummary({ ...shared, schemaVersion: null, latestVersion: 9 }), /nothing stored there yet; Modelbench sets it up at the next start/);
  assert.match(testSummary({ ...shared, schemaVersion: 7, latestVersion: 9 }), /schema 7; Modelbench upgrades it to 9 at the next start/);
  assert.match(testSummary({ ...shared, schemaVersion: 9, latestVersion: 9 }), /schema 9 of 9, ready to use/);
  assert.match(testSummary({ ...sqliteHere, schemaVersion: null, latestVersion: 10 }), /No database file yet at \/home\/me/);
});
