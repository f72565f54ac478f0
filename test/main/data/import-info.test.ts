import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeImportInfo } from '../../../main/data/import-info.ts';

test('import info as lines for people', () => {
  assert.deepEqual(
    describeImportInfo({
      encoding: 'windows-1252', compression: 'gzip', delimiter: ';', decimalComma: ['a', 'b'],
      missing: { rule: 'mean', rowsDropped: 1, cellsFilled: 3, columns: [] },
    }),
    [
      'encoding: Windows-1252 (Latin-1), gzip-compressed',
      'fields separated by: semicolon',
      "decimal comma ('1,5' = 1.5) in: a, b",
      'missing values: mean (1 row dropped, 3 cells filled)',
    ],
  );
  assert.deepEqual(describeImportInfo({ missing: { rule: 'refuse', rowsDropped: 0, cellsFilled: 0, columns: [] } }), ['missing values: refuse (none found)']);
  assert.deepEqual(describeImportInfo(undefined), []);
});
