import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_NAME_LENGTH, uniqueName } from '../../../main/data/names.ts';

test('a free name is kept; a taken one gets the first free (n) from 2', () => {
  assert.equal(uniqueName('wine', ['iris']), 'wine');
  assert.equal(uniqueName('wine', ['wine']), 'wine (2)');
  assert.equal(uniqueName('wine', ['wine', 'wine (2)', 'wine (4)']), 'wine (3)');
  assert.equal(uniqueName('  ', []), 'dataset');
});

test('the suffix fits the name length limit', () => {
  const long = 'x'.repeat(MAX_NAME_LENGTH + 10);
  const first = uniqueName(long, []);
  assert.equal(first.length, MAX_NAME_LENGTH);
  const second = uniqueName(long, [first]);
  assert.equal(second.length, MAX_NAME_LENGTH);
  assert.ok(second.endsWith(' (2)'));
});
