/** Import warnings: every kind round-trips with the wording stored before, and every importer's warning parses (real CSV, text and bytes). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRoundTrips } from '../util/codec-examples.ts';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsvDataset } from '../../../main/data/csv.ts';
import { formatImportWarning, IMPORT_WARNING_TEXT, parseImportWarning, type ImportWarningParts } from '../../../main/data/import-warnings.ts';
import { decodeText } from '../../../main/data/text-file.ts';
import { parseTextCsv } from '../../../main/data/text/text-csv.ts';
import { loadTextFolder } from '../../../main/data/text/text-folder.ts';

const EXAMPLES: { [K in ImportWarningParts['key']]: [Extract<ImportWarningParts, { key: K }>, string] } = {
  droppedMissing: [{ key: 'droppedMissing', params: { dropped: 4, rows: 6, columns: 'age: 2, city: 1' } }, 'dropped 4 of 6 rows with missing values (age: 2, city: 1)'],
  droppedUnlabelled: [{ key: 'droppedUnlabelled', params: { dropped: 1, rows: 6, label: "'y'" } }, "dropped 1 of 6 rows whose label 'y' is missing (labels are never filled in)"],
  filled: [
    { key: 'filled', params: { cells: 3, rule: 'most-frequent', rows: 5, columns: "age = 30 (2), city = 'bergen' (1)" } },
    "filled 3 missing values by 'most-frequent', computed on all 5 rows before the train/validation/test split: age = 30 (2), city = 'bergen' (1)",
  ],
  emptyTexts: [{ key: 'emptyTexts', params: { empty: 2, rows: 40 } }, '2 of 40 rows have no text at all; they are kept (the model sees only their padding and numeric columns)'],
  guessedFiles: [{ key: 'guessedFiles', params: { files: 1 } }, '1 file(s) were not valid UTF-8 and were read as Windows-1252'],
  guessedFile: [
    { key: 'guessedFile', params: {} },
    'the file is not valid UTF-8, so it was read as Windows-1252 (Latin-1); if accented letters look wrong, save it as UTF-8 and import it again',
  ],
};

test('every kind formats to the English stored before, and parses back to its parts', () => {
  assertRoundTrips(IMPORT_WARNING_TEXT, EXAMPLES, formatImportWarning, parseImportWarning);
  assert.equal(parseImportWarning('read as Windows-1252'), null, 'other text is shown as it is');
});

/** The warnings of an import, each parsed: its key, and the text formatted back. */
function keysOf(warnings: readonly string[] | undefined): string[] {
  return (warnings ?? []).map((w) => {
    const parts = parseImportWarning(w);
    assert.ok(parts, `does not parse: ${w}`);
    assert.equal(formatImportWarning(parts), w);
    return parts.key;
  });
}

test('every importer\'s warning parses, column names with commas and colons included', () => {
  const csv = 'age,"city, town",y\n20,oslo,a\n,bergen,b\n40,,a\n60,oslo,NA\n30,oslo,b\n?,bergen,a\n';
  assert.deepEqual(keysOf(parseCsvDataset(csv, { missing: 'drop-rows' }).warnings), ['droppedMissing']);
  const filled = parseCsvDataset(csv, { missing: 'median' });
  assert.deepEqual(keysOf(filled.warnings), ['droppedUnlabelled', 'filled']);
  assert.deepEqual(parseImportWarning(filled.warnings![1])?.params, { cells: 3, rule: 'median', rows: 5, columns: "age = 30 (2), city, town = 'bergen' (1)" });

  const texts = ['body,label', ...Array.from({ length: 20 }, (_, i) => (i === 3 ? '"",spam' : i % 2 ? 'buy now,spam' : 'see you,ham'))].join('\n');
  assert.deepEqual(keysOf(parseTextCsv(texts, { text: ['body'], label: 'label' }).warnings), ['emptyTexts']);

  const latin = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2c, 0x79, 0x0a]); // 'café,y\n' in Windows-1252
  assert.deepEqual(keysOf(decodeText(latin, 'x.csv').warnings), ['guessedFile']);

  const dir = mkdtempSync(join(tmpdir(), 'mb-import-warnings-'));
  try {
    for (const cls of ['ham', 'spam']) {
      mkdirSync(join(dir, cls));
      for (let i = 0; i < 3; i++) writeFileSync(join(dir, cls, `${i}.txt`), `${cls} text number ${i}`);
    }
    writeFileSync(join(dir, 'ham', 'latin.txt'), latin);
    assert.deepEqual(keysOf(loadTextFolder(dir).warnings), ['guessedFiles']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
