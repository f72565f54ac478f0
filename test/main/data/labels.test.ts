import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeClassLabels, encodeNumericLabels } from '../../../main/data/labels.ts';

test('text labels sort by code point, not locale', () => {
  const e = encodeClassLabels(['b', 'B', 'a', 'b'], false);
  assert.deepEqual(e.classes, ['B', 'a', 'b']);
  assert.deepEqual(Array.from(e.y), [2, 0, 1, 2]);
  assert.deepEqual(e.classCounts, [1, 1, 2]);
});

test('numeric labels sort as numbers', () => {
  const e = encodeNumericLabels(Uint8Array.from([9, 10, 2, 9]));
  assert.deepEqual(e.classes, ['2', '9', '10']);
  assert.deepEqual(Array.from(e.y), [1, 2, 0, 1]);
  assert.deepEqual(e.classCounts, [1, 2, 1]);
});
