import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSample } from '../../../main/data/samples.ts';

const range = (x: Float32Array): [number, number] => {
  let min = Infinity;
  let max = -Infinity;
  for (const v of x) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
};

test('iris and breast_cancer are tabular classification samples', () => {
  const iris = loadSample('iris');
  assert.equal(iris.source, 'sample');
  assert.deepEqual(iris.inputShape, [4]);
  assert.deepEqual(iris.classCounts, [50, 50, 50]);
  const bc = loadSample('breast_cancer');
  assert.deepEqual(bc.inputShape, [30]);
  assert.deepEqual(bc.classCounts, [357, 212]);
  assert.equal(bc.labelName, 'diagnosis');
});

test('digits is an 8x8x1 image set scaled from 0..16 to 0..1', () => {
  const d = loadSample('digits');
  assert.deepEqual(d.inputShape, [8, 8, 1]);
  assert.equal(d.y.length, 1797);
  assert.equal(d.x.length, 1797 * 64);
  assert.deepEqual(d.classes, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  assert.deepEqual(range(d.x), [0, 1]);
  assert.deepEqual(d.featureNames, []);
  // first row of digits.csv is a 0 whose pixel 2 is 5/16
  assert.equal(d.y[0], 0);
  assert.equal(d.x[2], 5 / 16);
});

test('mnist: the 10,000 digits of the mnist package as [28, 28, 1] in [0, 1]', () => {
  const d = loadSample('mnist');
  assert.deepEqual(d.inputShape, [28, 28, 1]);
  assert.equal(d.y.length, 10000);
  assert.equal(d.x.length, 10000 * 784);
  assert.equal(d.classCounts.reduce((a, b) => a + b, 0), 10000);
  assert.ok(d.classCounts.every((c) => c > 800));
  const [min, max] = range(d.x);
  assert.equal(min, 0);
  assert.ok(max <= 1 && max > 0.99);
  assert.equal(d.source, 'sample');
  // every image has some ink
  for (let i = 0; i < 10000; i += 997) assert.ok(d.x.subarray(i * 784, (i + 1) * 784).some((v) => v > 0.5));
});
