/** One-hot columns back to their original column; group checks. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../../main/api/errors.ts';
import { parseCsvDataset } from '../../../main/data/csv.ts';
import { checkGroups, groupOneHot, pixelGroups, sumByGroup } from '../../../main/explain/feature-groups.ts';

test('the CSV import\'s one-hot columns group back to their column, numbers stay alone', () => {
  const d = parseCsvDataset('age,colour,size,shape,label\n1,red,2,box,a\n2,blue,3,box,b\n3,green,1,box,a\n');
  const g = groupOneHot(d.featureNames);
  assert.deepEqual(d.featureNames, ['age', 'colour=blue', 'colour=green', 'colour=red', 'size', 'shape=box']);
  // A text column with a single value keeps its full one-hot name.
  assert.deepEqual(g.names, ['age', 'colour', 'size', 'shape=box']);
  assert.deepEqual(g.columns, [[0], [1, 2, 3], [4], [5]]);
});

test('groups must cover every column exactly once', () => {
  assert.doesNotThrow(() => checkGroups({ names: ['a', 'b'], columns: [[0, 2], [1]] }, 3));
  assert.throws(() => checkGroups({ names: ['a', 'b'], columns: [[0, 1], [1, 2]] }, 3), (e: ApiError) => /column 1 is in both 'a' and 'b'/.test(e.message));
  assert.throws(() => checkGroups({ names: ['a'], columns: [[0, 1]] }, 3), (e: ApiError) => /column 2 is in no group/.test(e.message));
  assert.throws(() => checkGroups({ names: ['a'], columns: [[0, 5]] }, 3), (e: ApiError) => /names column 5/.test(e.message));
});

test('pixels group their channels; sums by group add up', () => {
  const g = pixelGroups(2, 2, 3);
  assert.deepEqual(g.names, ['(0,0)', '(0,1)', '(1,0)', '(1,1)']);
  assert.deepEqual(g.columns[1], [3, 4, 5]);
  assert.deepEqual(Array.from(sumByGroup(Array.from({ length: 12 }, (_, j) => j), g)), [3, 12, 21, 30]);
});
