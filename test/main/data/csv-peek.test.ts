import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ApiError } from '../../../main/api/errors.ts';
import { PEEK_BYTES, peekCsvColumns } from '../../../main/data/csv-peek.ts';
import { tempDir, writeIdx } from './helpers.ts';

const refused = (code: string, text: RegExp) => (e: unknown) => e instanceof ApiError && e.code === code && text.test(e.message);

test('the header of a CSV, whatever its delimiter, quotes or compression', (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'a.csv'), 'date, value ,"note, long"\n2024-01-01,1,x\n');
  assert.deepEqual(peekCsvColumns(join(dir, 'a.csv')), ['date', 'value', 'note, long']);
  writeFileSync(join(dir, 'b.csv'), '\ntext;label\nhallo;1,5\nwelt;2\n');
  assert.deepEqual(peekCsvColumns(join(dir, 'b.csv')), ['text', 'label']);
  writeFileSync(join(dir, 'c.csv.gz'), gzipSync('a\tb\tc\n1\t2\t3\n'));
  assert.deepEqual(peekCsvColumns(join(dir, 'c.csv.gz')), ['a', 'b', 'c']);
  writeFileSync(join(dir, 'd.csv'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('zeit,wert\n1,2\n', 'utf16le')]));
  assert.deepEqual(peekCsvColumns(join(dir, 'd.csv')), ['zeit', 'wert']);
  // Only a header line, no line break.
  writeFileSync(join(dir, 'e.csv'), 'x,y');
  assert.deepEqual(peekCsvColumns(join(dir, 'e.csv')), ['x', 'y']);
});

test('a large UTF-8 file is read by its head only, and a character cut by the head does not change its encoding', (t) => {
  const dir = tempDir(t);
  // 'é' is two bytes: rows of 5 bytes after a 20-byte header put the head's last byte on the first byte of one.
  const header = 'messages,étiquette\n';
  const rows = 'é,1\n'.repeat(Math.ceil((PEEK_BYTES * 4) / 5));
  const file = join(dir, 'big.csv');
  writeFileSync(file, header + rows);
  const bytes = Buffer.from(header + rows);
  assert.ok(bytes.length > 4 * PEEK_BYTES);
  // The head does end inside a character here (else this test would prove nothing).
  assert.equal(bytes[PEEK_BYTES - 1], 0xc3);
  assert.deepEqual(peekCsvColumns(file), ['messages', 'étiquette']);
});

test('a folder or an IDX file has no columns; a missing, empty or binary file and a bad header are refused', (t) => {
  const dir = tempDir(t);
  mkdirSync(join(dir, 'images', 'a'), { recursive: true });
  assert.deepEqual(peekCsvColumns(join(dir, 'images')), []);
  writeIdx(join(dir, 'train-images-idx3-ubyte'), 'ubyte', [1, 2, 2], [0, 1, 2, 3]);
  assert.deepEqual(peekCsvColumns(join(dir, 'train-images-idx3-ubyte')), []);
  assert.throws(() => peekCsvColumns(join(dir, 'none.csv')), refused('not_found', /no file or folder/));
  writeFileSync(join(dir, 'empty.csv'), '\n\n');
  assert.throws(() => peekCsvColumns(join(dir, 'empty.csv')), refused('bad_data', /empty/));
  writeFileSync(join(dir, 'dup.csv'), 'a,b,a\n1,2,3\n');
  assert.throws(() => peekCsvColumns(join(dir, 'dup.csv')), refused('bad_data', /duplicate column name 'a'/));
  writeFileSync(join(dir, 'db.csv'), Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(100)]));
  assert.throws(() => peekCsvColumns(join(dir, 'db.csv')), refused('bad_data', /not a CSV text file/));
});
