import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseNumber } from '../../../main/data/csv-cells.ts';
import { ApiError } from '../../../main/api/errors.ts';
import { readCsvTable } from '../../../main/data/csv-table.ts';
import { MAX_CSV_BYTES, MAX_CSV_CELLS } from '../../../main/limits.ts';

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

test('a CSV over MAX_CSV_CELLS is refused while it is parsed, with its estimated size', () => {
  const columns = 2000;
  const rows = MAX_CSV_CELLS / columns + 1;
  const header = Array.from({ length: columns }, (_, i) => `c${i}`).join(',');
  const text = `${header}\n${`${new Array(columns).fill('0').join(',')}\n`.repeat(rows)}`;
  assert.throws(() => readCsvTable(text), (e: unknown) => {
    assert.ok(e instanceof ApiError && e.code === 'too_large');
    assert.equal(e.message, 'the CSV (about 10,001 rows x 2000 columns) is 20,002,000 cells; the limit is 20,000,000 cells. Split the file, or drop columns or rows you do not need.');
    return true;
  });
});

test('uploaded text over MAX_CSV_BYTES is refused before parsing', () => {
  assert.throws(() => readCsvTable('a'.repeat(MAX_CSV_BYTES + 1)), /^ApiError: the CSV text is 209,715,201 bytes; the limit is 200 MiB/);
});

test('the delimiter is detected and kept; empty cells stay (missing values are decided later)', () => {
  const t = readCsvTable('x;y\n1,5;\n3,5;4\n');
  assert.equal(t.delimiter, ';');
  assert.deepEqual(t.rows, [['1,5', ''], ['3,5', '4']]);
});
