import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Split } from '../../../main/api/schemas.ts';
import { loadSample } from '../../../main/data/samples.ts';
import { partSizes, splitIndices } from '../../../main/data/split.ts';

const SPLIT: Split = { validation: 0.15, test: 0.15, stratify: true };

function checkPartition(parts: { train: Int32Array; val: Int32Array; test: Int32Array }, n: number): void {
  const all = [...parts.train, ...parts.val, ...parts.test].sort((a, b) => a - b);
  assert.deepEqual(all, Array.from({ length: n }, (_, i) => i)); // disjoint and complete
}

test('stratified split of iris keeps class proportions in every part', () => {
  const { y } = loadSample('iris');
  const parts = splitIndices(y, 'classification', SPLIT, 7);
  checkPartition(parts, 150);
  for (const [part, perClass] of [[parts.val, 8], [parts.test, 8], [parts.train, 34]] as const) {
    const counts = [0, 0, 0];
    for (const i of part) counts[y[i]]++;
    assert.deepEqual(counts, [perClass, perClass, perClass]);
  }
});

test('same seed → same split; other seed → other split', () => {
  const { y } = loadSample('breast_cancer');
  const a = splitIndices(y, 'classification', SPLIT, 1);
  const b = splitIndices(y, 'classification', SPLIT, 1);
  const c = splitIndices(y, 'classification', SPLIT, 2);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.val, c.val);
  checkPartition(c, y.length);
});

test('every class with ≥ 2 samples gets a validation sample', () => {
  const y = Float32Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 2, 2, 3]);
  const parts = splitIndices(y, 'classification', { validation: 0.1, test: 0.1, stratify: true }, 3);
  checkPartition(parts, y.length);
  const valClasses = new Set(Array.from(parts.val, (i) => y[i]));
  assert.deepEqual([...valClasses].sort(), [0, 1, 2]);
  assert.ok(Array.from(parts.train).some((i) => y[i] === 3)); // a singleton stays in train
});

test('regression and stratify:false use a plain shuffle with the requested sizes', () => {
  const y = Float32Array.from({ length: 100 }, (_, i) => i * 0.5);
  const parts = splitIndices(y, 'regression', { validation: 0.2, test: 0.1, stratify: true }, 5);
  checkPartition(parts, 100);
  assert.equal(parts.val.length, 20);
  assert.equal(parts.test.length, 10);
  assert.notDeepEqual(Array.from(parts.train), [...parts.train].sort((a, b) => a - b)); // shuffled
  const flat = splitIndices(loadSample('iris').y, 'classification', { validation: 0.2, test: 0, stratify: false }, 5);
  assert.equal(flat.val.length, 30);
  assert.equal(flat.test.length, 0);
});

test('part sizes always leave a training row', () => {
  assert.deepEqual(partSizes(1, SPLIT), { nVal: 0, nTest: 0 });
  assert.deepEqual(partSizes(2, SPLIT), { nVal: 1, nTest: 0 });
  assert.deepEqual(partSizes(3, { validation: 0.5, test: 0.4, stratify: true }), { nVal: 2, nTest: 0 });
  assert.deepEqual(partSizes(100, SPLIT), { nVal: 15, nTest: 15 });
});
