import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_NAME_LENGTH, uniqueName, uploadFileName } from '../../../main/data/names.ts';

test('a free name is kept; a taken one gets the first free (n) from 2', () => {
  assert.equal(uniqueName('wine', ['iris']), 'wine');
  assert.equal(uniqueName('wine', ['wine']), 'wine (2)');
  assert.equal(uniqueName('wine', ['wine', 'wine (2)', 'wine (4)']), 'wine (3)');
  assert.equal(uniqueName('  ', []), 'dataset');
});

test('the suffix fits the name length limit', () => {
  const long = 'x'.repeat(MAX_NAME_LENGTH + 10);
  const first = uniqueName(long, []);
  assert.equal(first.length, MAX_NAME_LENGTH);
  const second = uniqueName(long, [first]);
  assert.equal(second.length, MAX_NAME_LENGTH);
  assert.ok(second.endsWith(' (2)'));
});

test('uploadFileName keeps the user\'s name where every file system can store it', () => {
  assert.equal(uploadFileName('my data (v2).csv'), 'my data (v2).csv');
  assert.equal(uploadFileName('Übersicht 2024 — 東京.csv'), 'Übersicht 2024 — 東京.csv');
  assert.equal(uploadFileName('C:\\Users\\ana\\wine.csv'), 'wine.csv');
  assert.equal(uploadFileName('../../etc/passwd'), 'passwd');
  assert.equal(uploadFileName('..'), 'upload.csv');
  assert.equal(uploadFileName(' .hidden.csv. '), 'hidden.csv');
  assert.equal(uploadFileName('a:b*c?"d"<e>|\u0000\u001f.csv'), 'a_b_c__d__e____.csv');
  assert.equal(uploadFileName('CON.csv'), '_CON.csv');
  assert.equal(uploadFileName('console.csv'), 'console.csv');
  assert.equal(uploadFileName(''), 'upload.csv');
  const long = uploadFileName(`${'東'.repeat(100)}.csv`); // 300 bytes of stem
  assert.ok(new TextEncoder().encode(long).length <= 200);
  assert.ok(long.endsWith('東.csv'));
  assert.equal(uploadFileName(`${'a'.repeat(300)}`), 'a'.repeat(200));
});
