import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ApiError } from '../../../main/api/errors.ts';
import { parseCsvDataset } from '../../../main/data/csv.ts';
import { SAMPLES_DIR } from './helpers.ts';

const sample = (name: string): string => readFileSync(new URL(`${name}.csv`, SAMPLES_DIR), 'utf8');

function badData(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ApiError, `expected ApiError, got ${String(e)}`);
    assert.equal(e.code, 'bad_data');
    assert.match(e.message, pattern);
    return true;
  });
}

test('iris: 4 numeric features, text label → 3 sorted classes', () => {
  const d = parseCsvDataset(sample('iris'));
  assert.equal(d.task, 'classification');
  assert.deepEqual(d.inputShape, [4]);
  assert.deepEqual(d.featureNames, ['sepal_length_cm', 'sepal_width_cm', 'petal_length_cm', 'petal_width_cm']);
  assert.equal(d.labelName, 'species');
  assert.deepEqual(d.classes, ['setosa', 'versicolor', 'virginica']);
  assert.deepEqual(d.classCounts, [50, 50, 50]);
  assert.equal(d.y.length, 150);
  assert.equal(d.x.length, 600);
  assert.deepEqual(Array.from(d.x.subarray(0, 4)), [5.1, 3.5, 1.4, 0.2].map(Math.fround));
  assert.equal(d.y[0], 0);
  assert.equal(d.y[149], 2);
  assert.equal(d.source, 'csv');
});

test('breast cancer and digits parse with the last column as label', () => {
  const bc = parseCsvDataset(sample('breast_cancer'));
  assert.deepEqual(bc.inputShape, [30]);
  assert.deepEqual(bc.classes, ['benign', 'malignant']);
  assert.equal(bc.classCounts[0] + bc.classCounts[1], 569);
  const digits = parseCsvDataset(sample('digits'));
  // integer label with 10 distinct values → classification, classes in numeric order
  assert.equal(digits.task, 'classification');
  assert.deepEqual(digits.classes, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  assert.deepEqual(digits.inputShape, [64]);
});

test('label option picks another column; task option forces regression', () => {
  const d = parseCsvDataset(sample('iris'), { label: 'petal_width_cm' });
  assert.equal(d.task, 'regression'); // non-integer numbers
  assert.deepEqual(d.featureNames, [
    'sepal_length_cm', 'sepal_width_cm', 'petal_length_cm', 'species=setosa', 'species=versicolor', 'species=virginica',
  ]);
  assert.deepEqual(d.classes, []);
  assert.equal(d.y[0], Math.fround(0.2));
  // first row is a setosa: one-hot [1, 0, 0]
  assert.deepEqual(Array.from(d.x.subarray(3, 6)), [1, 0, 0]);
  assert.equal(parseCsvDataset(sample('iris'), { label: '' }).labelName, 'species'); // empty = default
  const r = parseCsvDataset(sample('digits'), { task: 'regression' });
  assert.equal(r.task, 'regression');
  assert.equal(r.y[1], 1);
});

test('integer labels: ≤ 20 distinct → classification (numeric order), more → regression', () => {
  const few = 'a,y\n' + [10, 2, 1, 2, 10].map((v, i) => `${i},${v}`).join('\n');
  const d = parseCsvDataset(few);
  assert.equal(d.task, 'classification');
  assert.deepEqual(d.classes, ['1', '2', '10']);
  assert.deepEqual(Array.from(d.y), [2, 1, 0, 1, 2]);
  const many = 'a,y\n' + Array.from({ length: 30 }, (_, i) => `${i},${i * 3}`).join('\n');
  assert.equal(parseCsvDataset(many).task, 'regression');
  assert.equal(parseCsvDataset(many, { task: 'classification' }).classes.length, 30);
  // '1' and '1.0' are the same class
  assert.deepEqual(parseCsvDataset('a,y\n1,1\n2,1.0\n3,2', { task: 'classification' }).classes, ['1', '2']);
});

test('categorical features: one-hot with sorted categories, placed where the column was', () => {
  const d = parseCsvDataset('color,size,y\nred,1,a\nblue,2,b\ngreen,3,a\nred,4,b\n');
  assert.deepEqual(d.featureNames, ['color=blue', 'color=green', 'color=red', 'size']);
  assert.deepEqual(Array.from(d.x.subarray(0, 4)), [0, 0, 1, 1]);
  assert.deepEqual(Array.from(d.x.subarray(4, 8)), [1, 0, 0, 2]);
});

test('BOM, CRLF, quotes and blank lines are handled', () => {
  const d = parseCsvDataset('\ufeff"a","b c",y\r\n1,"2",x\r\n\r\n3,4,z\r\n');
  assert.deepEqual(d.featureNames, ['a', 'b c']);
  assert.deepEqual(Array.from(d.x), [1, 2, 3, 4]);
  assert.deepEqual(d.classes, ['x', 'z']);
});

test('malformed CSV: unterminated quote and wrong field count name the row', () => {
  badData(() => parseCsvDataset('a,b,y\n1,2,x\n3,"4,y\n5,6,x\n'), /row 3.*quoted field/);
  const rows = Array.from({ length: 15 }, (_, i) => `${i},1,2,3,4,c${i % 2}`);
  rows.push('1,2,3,4,x');
  badData(() => parseCsvDataset(['a,b,c,d,e,y', ...rows].join('\n')), /^row 17 has 5 fields but the header has 6$/);
});

test('empty file, header only, bad header names', () => {
  badData(() => parseCsvDataset(''), /empty/);
  badData(() => parseCsvDataset('\n  \n'), /empty/);
  badData(() => parseCsvDataset('a,b,y\n'), /no data rows/);
  badData(() => parseCsvDataset('a,a,y\n1,2,x\n'), /duplicate column name 'a' \(columns 1 and 2\)/);
  badData(() => parseCsvDataset('a,,y\n1,2,x\n'), /column 2 has an empty name/);
});

test('missing label column lists the columns', () => {
  badData(() => parseCsvDataset('a,b,c\n1,2,3\n', { label: 'foo' }), /^label column 'foo' not found; columns are: 'a', 'b', 'c'$/);
  const wide = Array.from({ length: 500 }, (_, i) => `c${i}`);
  badData(() => parseCsvDataset(`${wide.join(',')}\n${wide.map(() => 1).join(',')}\n`, { label: 'foo' }), /'c19', … \(500 columns\)$/);
});

test('an empty cell is a missing value: refused by default, naming column, count and row', () => {
  badData(() => parseCsvDataset('a,b,y\n1,2,x\n3,,z\n'), /^1 missing value in 1 column: 'b' \(1, first in row 3\)\. .*drop-rows.*mean.*median.*most-frequent/);
});

test('text in a mostly numeric column names the column, row and value', () => {
  const rows = Array.from({ length: 12 }, (_, i) => `${i},${i % 2 ? 'p' : 'q'}`);
  rows[10] = 'abc,p'; // spreadsheet row 12
  badData(() => parseCsvDataset(['x,y', ...rows].join('\n')), /^column 'x' is numeric but row 12 has 'abc': fix that cell, or leave it empty/);
  // A mostly numeric label with a stray word is a typo too.
  const labelRows = Array.from({ length: 10 }, (_, i) => `${i},${i * 1.5}`);
  labelRows[4] = '4,unknown';
  badData(() => parseCsvDataset(['a,price', ...labelRows].join('\n')), /column 'price' is numeric but row 6 has 'unknown'/);
  // Unless classification is asked for: then every value, words included, is a class.
  assert.equal(parseCsvDataset(['a,price', ...labelRows].join('\n'), { task: 'classification' }).classes.length, 10);
});

test('regression with a text label is an error', () => {
  badData(() => parseCsvDataset(sample('iris'), { task: 'regression' }), /regression needs a numeric label.*'species'.*'setosa' in row 2/);
});

test('a categorical column with more than 100 values is rejected with advice', () => {
  const rows = Array.from({ length: 150 }, (_, i) => `id${i},${i % 3},${i % 2 ? 'a' : 'b'}`);
  badData(() => parseCsvDataset(['name,v,y', ...rows].join('\n')), /column 'name' has 150 distinct text values.*drop it/);
});

test('a single-class label and a file without features are rejected', () => {
  badData(() => parseCsvDataset('a,y\n1,x\n2,x\n'), /only one value/);
  badData(() => parseCsvDataset('y\nx\nz\n'), /no features/);
});

test('a value beyond float32 is an error naming column, row and value, never Infinity', () => {
  badData(() => parseCsvDataset('a,b,y\n1,2,x\n3,1e39,z\n'), /^column 'b' has '1e39' in row 3, beyond the range of the 32-bit floats/);
  badData(() => parseCsvDataset('a,y\n1,2\n3,-4e38\n', { task: 'regression' }), /column 'y' has '-4e38' in row 3/);
  const edge = parseCsvDataset('a,y\n3.4e38,x\n-3.4e38,z\n');
  assert.ok(edge.x.every(Number.isFinite));
});

test('NaN, NA, null and empty cells are missing values: the column stays numeric', () => {
  const text = 'a,b,y\n1,NaN,x\n2,NA,z\n3,,x\n4,null,z\n5,10,x\n6,20,z\n';
  const d = parseCsvDataset(text, { missing: 'mean' });
  assert.deepEqual(d.featureNames, ['a', 'b']); // not b=NaN, b=NA, … one-hot
  assert.deepEqual(Array.from(d.x), [1, 15, 2, 15, 3, 15, 4, 15, 5, 10, 6, 20]);
  assert.equal(d.info?.missing?.cellsFilled, 4);
});

test('inf and Infinity in a numeric column are an error, not a category', () => {
  for (const inf of ['inf', '-Infinity', '1.#INF']) {
    badData(() => parseCsvDataset(`a,y\n1,x\n${inf},z\n3,x\n`), new RegExp(`^column 'a' has '${inf.replace(/[.#+]/g, '\\$&')}' in row 3, which is not a finite number`));
  }
});

test('semicolon-separated with decimal commas: numbers, recorded in info', () => {
  const d = parseCsvDataset('länge;breite;art\n5,1;3,5;a\n4,9;3;b\n-0,5;2,25;a\n');
  assert.deepEqual(d.featureNames, ['länge', 'breite']);
  assert.deepEqual(Array.from(d.x), [5.1, 3.5, 4.9, 3, -0.5, 2.25].map(Math.fround));
  assert.equal(d.info?.delimiter, ';');
  assert.deepEqual(d.info?.decimalComma, ['länge', 'breite']);
  // A regression target with decimal commas is a number too.
  const r = parseCsvDataset('x;preis\n1;2,5\n2;3,75\n3;1,125\n');
  assert.equal(r.task, 'regression');
  assert.deepEqual(Array.from(r.y), [2.5, 3.75, 1.125]);
});

test('decimal commas only when unambiguous: never in comma files, never beside dots', () => {
  const comma = parseCsvDataset('a,b,y\n1,5,x\n2,6,z\n');
  assert.equal(comma.info?.decimalComma, undefined);
  assert.deepEqual(Array.from(comma.x), [1, 5, 2, 6]);
  // '1,5' next to '2.5' in one column: not read as numbers (here: mostly text, so categories).
  const mixed = parseCsvDataset('a;y\n1,5;x\n2.5;z\n3,5;x\n');
  assert.equal(mixed.info?.decimalComma, undefined);
  assert.deepEqual(mixed.featureNames, ['a=1,5', 'a=2.5', 'a=3,5']);
});

test('a binary file read as text is refused without echoing its bytes', () => {
  const junk = '\u0000\u0001PK\u0003\u0004\ufffd\ufffd,\u0007\u0000x\n1,2\n';
  assert.throws(() => parseCsvDataset(junk), (e: unknown) => {
    assert.ok(e instanceof ApiError && e.code === 'bad_data');
    assert.match(e.message, /binary data \(a NUL byte on line 1\)/);
    assert.doesNotMatch(e.message, /[\u0000-\u0008\ufffd]/);
    return true;
  });
  // Control characters in a header name are escaped when a message shows it.
  badData(() => parseCsvDataset('a\u0007b,a\u0007b,y\n1,2,x\n'), /duplicate column name 'a\\u0007b'/);
});
