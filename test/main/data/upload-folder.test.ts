/**
 * The folder an upload waits in: the file keeps its own (safe) name inside a
 * fresh random folder, the import sees that path, and the folder is gone
 * afterwards whether the write or the import failed or not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ApiError } from '../../../main/api/errors.ts';
import { importUpload, uploadImportOptions } from '../../../main/data/upload-folder.ts';
import { tempDir } from './helpers.ts';

test('the file keeps its name in its own folder, which is removed after the import', async (t) => {
  const importsDir = join(tempDir(t), 'imports');
  const seen: string[] = [];
  const upload = (fileName: string) => importUpload({
    importsDir,
    fileName,
    write: (file) => writeFile(file, 'a,b\n1,2\n', { flag: 'wx' }),
    importPath: async (file) => {
      seen.push(file);
      return readFileSync(file, 'utf8');
    },
  });
  assert.deepEqual(await Promise.all([upload('wine.csv'), upload('wine.csv')]), ['a,b\n1,2\n', 'a,b\n1,2\n']);
  assert.deepEqual(seen.map((f) => basename(f)), ['wine.csv', 'wine.csv']);
  assert.notEqual(dirname(seen[0]), dirname(seen[1]));
  assert.ok(seen.every((f) => dirname(dirname(f)) === importsDir && /^upload-[0-9a-f]{16}$/.test(basename(dirname(f)))));
  await upload('../../escape.csv');
  assert.equal(basename(seen[2]), 'escape.csv');
  assert.equal(dirname(dirname(seen[2])), importsDir);
  assert.deepEqual(readdirSync(importsDir), []);
});

test('a failed write or import leaves nothing behind and keeps its error', async (t) => {
  const importsDir = join(tempDir(t), 'imports');
  const refused = new ApiError('bad_data', "'x.csv' has no rows");
  await assert.rejects(importUpload({ importsDir, fileName: 'x.csv', write: (f) => writeFile(f, 'a\n'), importPath: () => Promise.reject(refused) }), (e) => e === refused);
  await assert.rejects(
    importUpload({ importsDir, fileName: 'y.csv', write: async (f) => { await writeFile(f, 'partial'); throw new Error('connection reset'); }, importPath: async () => 'never' }),
    /connection reset/,
  );
  assert.ok(existsSync(importsDir));
  assert.deepEqual(readdirSync(importsDir), []);
});

test('import options: an object without a path; nothing sent means none', () => {
  assert.deepEqual(uploadImportOptions(undefined), {});
  assert.deepEqual(uploadImportOptions({ label: 'y', name: 'n' }), { label: 'y', name: 'n' });
  for (const bad of [[], 'x', 3]) assert.throws(() => uploadImportOptions(bad), (e) => e instanceof ApiError && e.code === 'invalid_argument' && /must be an object/.test(e.message));
  assert.throws(() => uploadImportOptions({ path: '/etc/passwd' }), (e) => e instanceof ApiError && e.code === 'invalid_argument' && /may not name a path/.test(e.message));
});
