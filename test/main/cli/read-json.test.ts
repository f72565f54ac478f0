import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { HyperParams } from '../../../main/api/schemas.ts';
import { ApiError } from '../../../main/api/errors.ts';
import { lineColumn, readJsonFile } from '../../../main/cli/read-json.ts';
import { tempDir, writeFile } from './helpers.ts';

const apiError = (code: string, pattern: RegExp) => (e: unknown) => e instanceof ApiError && e.code === code && pattern.test(e.message);

test('a syntax error names the flag, the file, the line and the column', (t) => {
  const dir = tempDir(t);
  const path = writeFile(dir, 'hp.json', '{\n  "epochs": 3\n  "batchSize": 8\n}\n');
  assert.throws(() => readJsonFile(path, '--config'), apiError('invalid_argument', /^--config: .*hp\.json is not valid JSON at line 3, column 3: Expected ',' or '}' after property value$/));
  const cut = writeFile(dir, 'cut.json', '{"layers": [');
  assert.throws(() => readJsonFile(cut, '--model'), apiError('invalid_argument', /cut\.json is not valid JSON at line 1, column 13: unexpected end of the file/));
});

test('a schema error gives the path of the field in the file; a valid file comes back as written', (t) => {
  const dir = tempDir(t);
  const bad = writeFile(dir, 'hp.json', JSON.stringify({ optimizer: { kind: 'adam', learningRate: -1 } }));
  assert.throws(() => readJsonFile(bad, '--config', HyperParams), apiError('invalid_argument', /^--config: .*hp\.json: optimizer\.learningRate: /));
  const good = writeFile(dir, 'good.json', '\uFEFF{"epochs": 3}');
  assert.deepEqual(readJsonFile(good, '--config', HyperParams), { epochs: 3 }, 'defaults are not filled in');
});

test('a missing file, a folder', (t) => {
  const dir = tempDir(t);
  assert.throws(() => readJsonFile(join(dir, 'absent.json'), 'STUDY.json'), apiError('not_found', /^STUDY\.json: no such file: .*absent\.json$/));
  mkdirSync(join(dir, 'folder.json'));
  assert.throws(() => readJsonFile(join(dir, 'folder.json'), '--space'), apiError('invalid_argument', /is not a file/));
});

test('line and column of an offset', () => {
  assert.deepEqual(lineColumn('ab\ncd', 0), { line: 1, column: 1 });
  assert.deepEqual(lineColumn('ab\ncd', 4), { line: 2, column: 2 });
  assert.deepEqual(lineColumn('ab\ncd', 99), { line: 2, column: 3 });
});
