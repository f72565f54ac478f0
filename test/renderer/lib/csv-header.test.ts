import { test } from 'node:test';
import assert from 'node:assert/strict';
import { datasetNameFromFile, guessLabelColumn, parseCsvHeader, splitCsvLine } from '../../../renderer/src/lib/csv-header.ts';

test('reads the header, with quotes, BOM and CRLF', () => {
  assert.deepEqual(parseCsvHeader('\ufeffa,"b,c",d\r\n1,2,3'), ['a', 'b,c', 'd']);
  assert.deepEqual(parseCsvHeader('x;y\n1;2'), ['x', 'y']);
  assert.deepEqual(parseCsvHeader(''), []);
  assert.deepEqual(splitCsvLine('"say ""hi""",2'), ['say "hi"', '2']);
});

test('guesses the label column by name, else the last', () => {
  assert.equal(guessLabelColumn(['sepal_length', 'species', 'x']), 'species');
  assert.equal(guessLabelColumn(['a', 'b']), 'b');
  assert.equal(guessLabelColumn([]), '');
});

test('dataset name from the file name', () => {
  assert.equal(datasetNameFromFile('iris.csv'), 'iris');
  assert.equal(datasetNameFromFile('.csv'), 'dataset');
});
