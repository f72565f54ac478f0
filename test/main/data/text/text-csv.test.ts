import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiError } from '../../../../main/api/errors.ts';
import { parseTextCsv } from '../../../../main/data/text/text-csv.ts';
import { isTextFolder, loadTextFolder } from '../../../../main/data/text/text-folder.ts';

const badData = (pattern: RegExp) => (e: unknown) => e instanceof ApiError && e.code === 'bad_data' && pattern.test(e.message);
const spam = ['cheap pills now', 'win a prize today', 'click this link', 'free money offer', 'limited time deal'];
const ham = ['meeting at noon', 'see you tomorrow', 'notes from the call', 'lunch on friday?', 'the report is attached'];
const rows = Array.from({ length: 40 }, (_, i) => (i % 2 ? `"${spam[i % 5]}","subject ${i}",${i % 7},spam` : `"${ham[i % 5]}","re: ${i}",${(i * 3) % 7},ham`));

test('text columns stay texts, numeric columns go to x, the label is classes', () => {
  const data = parseTextCsv(['body,subject,hour,label', ...rows].join('\n'), { text: ['body', 'subject'], label: 'label', maxLength: 12 });
  assert.equal(data.task, 'classification');
  assert.deepEqual(data.classes, ['ham', 'spam']);
  assert.deepEqual(data.inputShape, [12]);
  assert.equal(data.x.length, 40, 'one numeric column');
  assert.deepEqual(data.texts?.columns, ['body', 'subject']);
  assert.equal(data.texts?.values[0][1], 'win a prize today');
  assert.deepEqual(data.info?.text?.numericColumns, ['hour']);
  assert.ok((data.info?.text?.stats.distinctWords ?? 0) > 20);
});

test('the default maxLength follows the texts (95th percentile of words, multiple of 8)', () => {
  const data = parseTextCsv(['body,subject,hour,label', ...rows].join('\n'), { text: ['body', 'subject'], label: 'label' });
  assert.equal(data.inputShape[0] % 8, 0);
  assert.ok(data.inputShape[0] >= 8 && data.inputShape[0] <= 16);
});

test('bad text input is refused with a clear error', () => {
  const empty = rows.map((r) => r.replace(/^"[^"]*"/, '""'));
  assert.throws(() => parseTextCsv(['body,subject,hour,label', ...empty].join('\n'), { text: ['body', 'subject'], label: 'label' }), badData(/text column 'body' is empty in every row/));
  assert.throws(() => parseTextCsv(['body,subject,hour,label', ...rows].join('\n'), { text: ['body'], label: 'label' }), badData(/'subject' holds words, not numbers: name it as a text column too/));
  assert.throws(() => parseTextCsv(['body,subject,hour,label', ...rows].join('\n'), { text: ['nope'], label: 'label' }), badData(/text column 'nope' not found/));
  const leaky = rows.map((r) => r.replace(/,(\d),(spam|ham)$/, (_m, _d, l) => `,${l === 'spam' ? 1 : 0},${l}`));
  assert.throws(() => parseTextCsv(['body,subject,flag,label', ...leaky].join('\n'), { text: ['body', 'subject'], label: 'label' }), badData(/column 'flag' gives the label 'label' away/));
  assert.throws(
    () => parseTextCsv(['body,subject,hour,label', ...rows].join('\n'), { text: ['body', 'subject'], label: 'label', maxLength: 100000 }),
    (e: unknown) => e instanceof ApiError && e.code === 'invalid_argument' && /MAX_SEQUENCE_LENGTH/.test(e.message),
  );
});

test('a folder of .txt files per class is a text dataset', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mb-text-folder-'));
  try {
    for (const [cls, texts] of [['spam', spam], ['ham', ham]] as const) {
      mkdirSync(join(dir, cls));
      texts.forEach((t, i) => writeFileSync(join(dir, cls, `${i}.txt`), t));
    }
    writeFileSync(join(dir, 'ham', 'latin.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9])); // 'café' in Windows-1252
    assert.ok(isTextFolder(dir));
    const data = loadTextFolder(dir);
    assert.deepEqual(data.classes, ['ham', 'spam']);
    assert.deepEqual(data.classCounts, [6, 5]);
    assert.equal(data.texts?.values[0].length, 11);
    assert.ok(data.texts?.values[0].includes('café'));
    assert.match((data.warnings ?? []).join(' '), /1 file\(s\) were not valid UTF-8/);
    assert.equal(data.info?.text?.origin, 'folder');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a text column that spells out the label is a leak; repeated texts are not', () => {
  const copy = ['body,label', ...Array.from({ length: 20 }, (_, i) => (i % 2 ? 'Spam,spam' : 'ham,ham'))].join('\n');
  assert.throws(() => parseTextCsv(copy, { text: ['body'], label: 'label' }), badData(/column 'body' gives the label 'label' away/));
  const repeated = ['body,label', ...Array.from({ length: 20 }, (_, i) => (i % 2 ? 'buy now,spam' : 'see you,ham'))].join('\n');
  assert.equal(parseTextCsv(repeated, { text: ['body'], label: 'label' }).y.length, 20);
});
