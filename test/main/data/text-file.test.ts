import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../../main/api/errors.ts';
import { decodeText } from '../../../main/data/text-file.ts';

test('UTF-8 with and without BOM', () => {
  assert.deepEqual(decodeText(Buffer.from('café,ü\n', 'utf8'), 'a.csv'), { text: 'café,ü\n', encoding: 'utf-8', warnings: [] });
  const bom = decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('é', 'utf8')]), 'a.csv');
  assert.deepEqual([bom.text, bom.encoding], ['é', 'utf-8-bom']);
});

test('UTF-16 LE and BE with a byte-order mark', () => {
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,é\n', 'utf16le')]);
  assert.deepEqual(decodeText(le, 'a.csv'), { text: 'a,é\n', encoding: 'utf-16le', warnings: [] });
  const be = Buffer.from(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,é\n', 'utf16le')]).swap16());
  assert.deepEqual(decodeText(be, 'a.csv'), { text: 'a,é\n', encoding: 'utf-16be', warnings: [] });
});

test('Latin-1 / Windows-1252 bytes are decoded as Windows-1252, with a warning, never U+FFFD', () => {
  // "Müller;€;Ångström" in Windows-1252: ü = FC, € = 80, Å = C5, ö = F6
  const bytes = Buffer.from([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x3b, 0x80, 0x3b, 0xc5, 0x6e, 0x67, 0x73, 0x74, 0x72, 0xf6, 0x6d]);
  const d = decodeText(bytes, 'people.csv');
  assert.equal(d.text, 'Müller;€;Ångström');
  assert.equal(d.encoding, 'windows-1252');
  assert.match(d.warnings[0], /^the file is not valid UTF-8, so it was read as Windows-1252 \(Latin-1\)/);
});

test('a BOM that lies is refused; known binary formats are named, not decoded', () => {
  assert.throws(() => decodeText(Buffer.from([0xef, 0xbb, 0xbf, 0xff, 0xfe]), 'x.csv'), /UTF-8 byte-order mark but is not valid UTF-8/);
  const zip = Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), Buffer.alloc(30, 0x9f)]);
  assert.throws(() => decodeText(zip, 'book.xlsx'), (e: unknown) => {
    assert.ok(e instanceof ApiError && e.code === 'bad_data');
    assert.equal(e.message, "'book.xlsx' is not a CSV text file: it is a zip archive (an Excel .xlsx workbook is one too): unzip it, or save the sheet as CSV");
    return true;
  });
  assert.throws(() => decodeText(Buffer.from('%PDF-1.7\n\u0000', 'latin1'), 'x.pdf'), /a PDF document/);
});
