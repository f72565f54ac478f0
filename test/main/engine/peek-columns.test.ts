/**
 * datasets.peekColumns: a CSV's columns before an import by path, under the same path policy as
 * datasets.importPath (a restricted engine, as `modelbench serve` runs it, reads only its data
 * folder's imports/ and the allowed folders).
 */
import assert from 'node:assert/strict';
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ApiError } from '../../../main/api/errors.ts';
import { createEngine, type Engine } from '../../../main/engine/engine.ts';
import { tempDir } from '../data/helpers.ts';

const refused = (code: string) => (e: unknown) => e instanceof ApiError && e.code === code;
const cleanups: (() => void)[] = [];
let root: string;
let engine: Engine;

before(async () => {
  root = realpathSync(tempDir({ after: (fn) => cleanups.push(fn) }));
  for (const folder of ['allowed', 'outside']) {
    mkdirSync(join(root, folder), { recursive: true });
    writeFileSync(join(root, folder, 'sales.csv'), 'date,store,sales\n2024-01-01,a,3\n');
  }
  engine = await createEngine({ home: join(root, 'home'), workers: 1, backend: ['cpu'], restrictPaths: true });
  engine.allowPath(join(root, 'allowed'));
});
after(async () => {
  await engine.close();
  for (const fn of cleanups) fn();
});

test('the columns of a CSV inside an allowed folder; nothing outside them', async () => {
  assert.deepEqual(await engine.call('datasets.peekColumns', { path: join(root, 'allowed', 'sales.csv') }), { columns: ['date', 'store', 'sales'] });
  await assert.rejects(engine.call('datasets.peekColumns', { path: join(root, 'outside', 'sales.csv') }), refused('forbidden_path'));
  await assert.rejects(engine.call('datasets.peekColumns', { path: join(root, 'allowed', 'none.csv') }), refused('not_found'));
  await assert.rejects(engine.call('datasets.peekColumns', { path: '' }), refused('invalid_argument'));
});
