import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseNumber, readCsvTable } from '../../../main/data/csv-table.ts';

test('rows keep their spreadsheet row numbers across blank lines and multi-line quotes', () => {
  const t = readCsvTable('a,b\n1,2\n\n"3\n3",4\n5,6\n');
  assert.deepEqual(t.header, ['a', 'b']);
  assert.deepEqual(t.rows, [['1', '2'], ['3\n3', '4'], ['5', '6']]);
  assert.deepEqual(t.rowNumbers, [2, 4, 5]);
});

test('cells and header names are trimmed; leading blank lines are skipped', () => {
  const t = readCsvTable('\n a , b \n 1 ,2\n');
  assert.deepEqual(t.header, ['a', 'b']);
  assert.deepEqual(t.rows, [['1', '2']]);
  assert.deepEqual(t.rowNumbers, [3]);
});

test('parseNumber accepts decimal and exponent forms, rejects the rest', () => {
  assert.equal(parseNumber('1.5'), 1.5);
  assert.equal(parseNumber('-2e-3'), -0.002);
  assert.equal(parseNumber('+7'), 7);
  for (const bad of ['', 'abc', 'NaN', 'Infinity', '0x10', '1,5', '1 2']) assert.equal(parseNumber(bad), null, bad);
});
