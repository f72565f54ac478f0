/** Choosing the store from a storage URL: defaults, precedence, our own `artifacts` parameter, and no password in any message. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseStorageUrl, parseStorageUrl } from '../../../main/storage/storage-url.ts';
import { redactUrl } from '../../../db/postgres/connection.ts';

const home = '/data/mb';

test('no URL, or sqlite: the file in the data folder, artifacts in the data folder', () => {
  for (const text of [undefined, '', 'sqlite']) {
    assert.deepEqual(parseStorageUrl(text, home), { kind: 'sqlite', file: '/data/mb/modelbench.db', artifacts: { kind: 'folder', root: home } });
  }
  assert.equal((parseStorageUrl('sqlite:/other/x.db', home) as { file: string }).file, '/other/x.db');
  assert.equal((parseStorageUrl('sqlite:rel.db', home) as { file: string }).file, '/data/mb/rel.db');
});

test('postgresql: artifacts in the database by default, or the (mounted) data folder; the parameter never reaches pg; sslmode stays', () => {
  const a = parseStorageUrl('postgresql://mb@db.example:5433/study?sslmode=require', home);
  assert.deepEqual(a, { kind: 'postgresql', url: 'postgresql://mb@db.example:5433/study?sslmode=require', artifacts: { kind: 'database' } });
  const b = parseStorageUrl('postgres://mb@db/study?artifacts=folder&sslmode=verify-full', home);
  assert.deepEqual(b, { kind: 'postgresql', url: 'postgres://mb@db/study?sslmode=verify-full', artifacts: { kind: 'folder', root: home } });
});

test('bad URLs are refused with a clear error that never shows the password', () => {
  for (const text of ['mysql://u:hunter2@h/db', 'postgresql://u:hunter2@h/db?artifacts=s3', 'postgresql://u:hunter2@/db']) {
    assert.throws(() => parseStorageUrl(text, home), (e: Error & { code?: string }) => e.code === 'invalid_argument' && !e.message.includes('hunter2'), text);
  }
  assert.equal(redactUrl('postgresql://u:hunter2@h:5432/db'), 'postgresql://u@h:5432/db');
  assert.equal(redactUrl('not a url u:hunter2@h'), 'not a url u@h');
});

test('precedence: --storage, then MODELBENCH_STORAGE, then settings.json, then the default; each says where it came from', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mb-storage-'));
  try {
    assert.deepEqual(chooseStorageUrl(undefined, {}, dir), { url: undefined, source: 'default' });
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ storage: 'postgresql://s@h/db' }));
    assert.deepEqual(chooseStorageUrl(undefined, {}, dir), { url: 'postgresql://s@h/db', source: 'settings' });
    assert.deepEqual(chooseStorageUrl(undefined, { MODELBENCH_STORAGE: 'postgresql://e@h/db' }, dir), { url: 'postgresql://e@h/db', source: 'env' });
    assert.deepEqual(chooseStorageUrl('sqlite', { MODELBENCH_STORAGE: 'postgresql://e@h/db' }, dir), { url: 'sqlite', source: 'flag' });
    writeFileSync(join(dir, 'settings.json'), '{nope');
    assert.throws(() => chooseStorageUrl(undefined, {}, dir), /settings\.json is not valid JSON/);
    writeFileSync(join(dir, 'settings.json'), '["sqlite"]');
    assert.throws(() => chooseStorageUrl(undefined, {}, dir), /settings\.json must hold a JSON object/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
