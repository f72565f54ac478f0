/** The missing-value rules, through real CSV text (parseCsvDataset), and the small statistics they use. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../../main/api/errors.ts';
import { parseCsvDataset } from '../../../main/data/csv.ts';
import { mostFrequent } from '../../../main/data/missing.ts';

// Row numbers (header = 1):   2       3       4        5       6       7
const CSV = 'age,city,y\n20,oslo,a\n,bergen,b\n40,,a\n60,oslo,NA\n30,oslo,b\n?,bergen,a\n';

test('refuse (the default) lists every column with missing values, its count and first row, and the options', () => {
  assert.throws(() => parseCsvDataset(CSV), (e: unknown) => {
    assert.ok(e instanceof ApiError && e.code === 'bad_data');
    assert.equal(
      e.message,
      "4 missing values in 3 columns: 'age' (2, first in row 3), 'city' (1, first in row 4), 'y' (1, first in row 5). " +
        "Choose what to do with them (option 'missing'; CLI --missing): drop-rows (drop those rows), mean or median " +
        '(fill numbers with the column mean or median, text with its most frequent value) or most-frequent',
    );
    assert.deepEqual(e.details, { columns: [{ name: 'age', missing: 2 }, { name: 'city', missing: 1 }, { name: 'y', missing: 1 }] });
    return true;
  });
});

test('drop-rows drops every row with a missing cell and says how many', () => {
  const d = parseCsvDataset(CSV, { missing: 'drop-rows' });
  assert.equal(d.y.length, 2);
  assert.deepEqual(d.featureNames, ['age', 'city=oslo']); // categories come from the rows kept
  assert.deepEqual(Array.from(d.x), [20, 1, 30, 1]);
  assert.deepEqual(d.info?.missing, { rule: 'drop-rows', rowsDropped: 4, cellsFilled: 0, columns: [{ name: 'age', missing: 2 }, { name: 'city', missing: 1 }, { name: 'y', missing: 1 }] });
  assert.deepEqual(d.warnings, ['dropped 4 of 6 rows with missing values (age: 2, city: 1, y: 1)']);
});

test('mean fills numbers with the mean of the rows kept, text with the most frequent value; a missing label drops its row', () => {
  const d = parseCsvDataset(CSV, { missing: 'mean' });
  // Row 5 (label NA) is dropped first; age mean over 20, 40, 30 = 30; city mode over the kept rows: oslo (2) vs bergen (2) → tie → 'bergen'.
  assert.equal(d.y.length, 5);
  assert.deepEqual(d.featureNames, ['age', 'city=bergen', 'city=oslo']);
  assert.deepEqual(Array.from(d.x), [20, 0, 1, 30, 1, 0, 40, 1, 0, 30, 0, 1, 30, 1, 0]);
  assert.deepEqual(d.info?.missing, {
    rule: 'mean', rowsDropped: 1, cellsFilled: 3,
    columns: [{ name: 'y', missing: 1 }, { name: 'age', missing: 2, fill: 30 }, { name: 'city', missing: 1, fill: 'bergen' }],
  });
  assert.equal(d.warnings?.length, 2);
  assert.match(d.warnings![0], /dropped 1 of 6 rows whose label 'y' is missing/);
  assert.match(d.warnings![1], /^filled 3 missing values by 'mean', computed on all 5 rows before the train\/validation\/test split: age = 30 \(2\), city = 'bergen' \(1\)$/);
});

test('median and most-frequent', () => {
  const text = 'v,y\n1,a\n2,b\n2,a\n10,b\nNaN,a\n';
  const med = parseCsvDataset(text, { missing: 'median' });
  assert.equal(med.x[4], 2); // median of 1, 2, 2, 10
  assert.equal(med.info?.missing?.columns[0].fill, 2);
  const mode = parseCsvDataset('v,y\n1,a\n7,b\n7,a\n10,b\n,a\n', { missing: 'most-frequent' });
  assert.equal(mode.x[4], 7);
  const mean = parseCsvDataset('v,y\n1,a\n2,b\n2,a\n10,b\nNaN,a\n', { missing: 'mean' });
  assert.equal(mean.x[4], Math.fround(3.75));
});

test('no missing values: the rule is recorded, nothing changes', () => {
  const d = parseCsvDataset('a,y\n1,x\n2,z\n', { missing: 'mean' });
  assert.deepEqual(d.info?.missing, { rule: 'mean', rowsDropped: 0, cellsFilled: 0, columns: [] });
  assert.deepEqual(d.warnings, []);
});

test('nothing left: all rows dropped, or a column with no value to fill from', () => {
  assert.throws(() => parseCsvDataset('a,b,y\n1,,x\n,2,z\n', { missing: 'drop-rows' }), /every row has a missing value/);
  assert.throws(() => parseCsvDataset('a,y\nNA,x\nNA,z\n', { missing: 'mean' }), /column 'a' has no values: all 2 of its cells are empty or missing/);
  assert.throws(() => parseCsvDataset('a,b,y\n1,,x\n2,5,\n3,,z\n', { missing: 'mean' }), /column 'b' has no values in the rows that have a label/);
});

test('mostFrequent: ties go to the smallest', () => {
  assert.equal(mostFrequent([3, 1, 3, 1, 2], (a, b) => a - b), 1);
  assert.equal(mostFrequent(['b', 'a', 'b'], (a, b) => (a < b ? -1 : 1)), 'b');
});
