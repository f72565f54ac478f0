import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectDelimiter } from '../../../main/data/csv-delimiter.ts';

test('comma, semicolon, tab and pipe files', () => {
  assert.equal(detectDelimiter('a,b,c\n1,2,3\n4,5,6\n'), ',');
  assert.equal(detectDelimiter('a;b;c\n1;2;3\n'), ';');
  assert.equal(detectDelimiter('a\tb\n1\t2\n'), '\t');
  assert.equal(detectDelimiter('a|b\n1|2\n'), '|');
});

test('semicolons with decimal commas, where papaparse gives up (both split rows)', () => {
  assert.equal(detectDelimiter('x;y\n1,5;2\n3,5;4\n'), ';');
  assert.equal(detectDelimiter('länge;breite;art\n5,1;3,5;a\n4,9;3;b\n'), ';');
});

test('quoted delimiters do not count; a one-column file falls back to comma', () => {
  assert.equal(detectDelimiter('name,notes\n"a;b;c",x\n"d;e;f",y\n'), ',');
  assert.equal(detectDelimiter('y\n1\n2\n'), ',');
});
