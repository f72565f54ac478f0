import { test } from 'node:test';
import assert from 'node:assert/strict';
import { combineImportance, keepCount, outputChannelNorms, selectKept, absValues, unitNorms } from '../../../../main/compression/structured/ranking.ts';
import { expandBlocks, expandKept, removedIndices } from '../../../../main/compression/structured/slicing.ts';

test('outputChannelNorms: the last axis is the output channel', () => {
  // kernel [2 in, 3 out] row-major: rows [1, -2, 0], [3, 4, -1]
  const k = [1, -2, 0, 3, 4, -1];
  assert.deepEqual(outputChannelNorms(k, 3, 'l1'), [4, 6, 1]);
  const l2 = outputChannelNorms(k, 3, 'l2');
  assert.deepEqual(l2.map((v) => +v.toFixed(6)), [Math.sqrt(10), Math.sqrt(20), 1].map((v) => +v.toFixed(6)));
  assert.deepEqual(absValues([-2, 0.5]), [2, 0.5]);
});

test('keepCount: removes floor(ratio * total), keeps at least one', () => {
  assert.equal(keepCount(16, 0.5), 8);
  assert.equal(keepCount(10, 0.29), 8);
  assert.equal(keepCount(100, 0.29), 71); // 0.29 * 100 = 28.999... in floating point
  assert.equal(keepCount(10, 0), 10);
  assert.equal(keepCount(3, 0.99), 1);
  assert.equal(keepCount(1, 0.9), 1);
});

test('selectKept: the most important, ascending, ties to the lower index', () => {
  assert.deepEqual(selectKept([0.1, 5, 3, 0.2], 2), [1, 2]);
  assert.deepEqual(selectKept([1, 1, 1, 1], 2), [0, 1]);
  assert.deepEqual(selectKept([3, 1, 2], 3), [0, 1, 2]);
});

test('combineImportance: members weigh equally whatever their scale', () => {
  // Alone, the big member would decide; normalised, both count.
  // means 100 and 2: [1, 0, 2] + [0.5, 1.5, 1]
  assert.deepEqual(combineImportance([[100, 0, 200], [1, 3, 2]]), [1.5, 1.5, 3]);
  assert.deepEqual(combineImportance([[0, 0], [1, 3]]), [0.5, 1.5]);
  assert.throws(() => combineImportance([[1], [1, 2]]));
});

test('expandKept: flatten rows are position * C + c (channels-last)', () => {
  assert.deepEqual(expandKept([0, 2], 3, 2), [0, 2, 3, 5]);
  assert.deepEqual(expandKept([1], 4, 1), [1]);
  assert.deepEqual(removedIndices([0, 2], 4), [1, 3]);
});

test('expandBlocks: a kept head owns its keyDim consecutive columns', () => {
  assert.deepEqual(expandBlocks([0, 2], 3), [0, 1, 2, 6, 7, 8]);
  assert.deepEqual(expandBlocks([1], 1), [1]);
});

test('unitNorms: a unit gathers the values it owns across kernels', () => {
  // Two heads of keyDim 1: Q [2 in, 2 cols] by column, output [2 rows, 1] by row.
  const q = { values: [1, -2, 3, 4], owner: (i: number) => i % 2 };
  const out = { values: [2, -1], owner: (i: number) => i };
  assert.deepEqual(unitNorms([q, out], 2, 'l1'), [1 + 3 + 2, 2 + 4 + 1]);
  assert.deepEqual(unitNorms([q, out], 2, 'l2'), [Math.sqrt(1 + 9 + 4), Math.sqrt(4 + 16 + 1)]);
});
