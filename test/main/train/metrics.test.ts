import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classificationMetrics, regressionMetrics, argmaxRows } from '../../../main/train/metrics.ts';

const close = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) < eps, `${a} != ${b}`);

test('classification metrics match scikit-learn (macro, zero_division=0)', () => {
  // Constants from sklearn.metrics 1.2.1: accuracy_score, precision/recall/f1_score(average='macro', zero_division=0).
  // Class 4 is predicted but never true; class 5 appears nowhere and is left out of the averages.
  const yTrue = [0, 1, 2, 2, 1, 0, 3, 3, 1, 2];
  const yPred = [0, 2, 2, 2, 1, 1, 3, 0, 1, 4];
  const m = classificationMetrics(yTrue, yPred, 6);
  close(m.accuracy, 0.6);
  close(m.precision, 0.5666666666666667);
  close(m.recall, 0.4666666666666666);
  close(m.f1, 0.4999999999999999);
  assert.deepEqual(m.confusion, [
    [1, 1, 0, 0, 0, 0],
    [0, 2, 1, 0, 0, 0],
    [0, 0, 2, 0, 1, 0],
    [1, 0, 0, 1, 0, 0],
    [0, 0, 0, 0, 0, 0],
    [0, 0, 0, 0, 0, 0],
  ]);
});

test('a class that is never predicted gives precision 0, not NaN', () => {
  const m = classificationMetrics([0, 0, 1, 1, 1], [0, 0, 0, 0, 0], 2);
  // sklearn: precision 0.2, recall 0.5, f1 0.28571428571428575
  close(m.accuracy, 0.4);
  close(m.precision, 0.2);
  close(m.recall, 0.5);
  close(m.f1, 0.28571428571428575);
});

test('perfect and empty classification', () => {
  const perfect = classificationMetrics(new Float32Array([0, 1, 2]), new Int32Array([0, 1, 2]), 3);
  assert.deepEqual([perfect.accuracy, perfect.precision, perfect.recall, perfect.f1], [1, 1, 1, 1]);
  const empty = classificationMetrics([], [], 3);
  assert.deepEqual([empty.accuracy, empty.precision, empty.recall, empty.f1], [0, 0, 0, 0]);
});

test('regression metrics match scikit-learn', () => {
  const m = regressionMetrics([3.0, -0.5, 2.0, 7.0, 4.2], [2.5, 0.0, 2.1, 7.8, 3.9]);
  close(m.mse, 0.24799999999999994);
  close(m.mae, 0.44000000000000006);
  close(m.r2, 0.9594665271966527);
});

test('r2 of a constant target is 1 when exact, 0 otherwise', () => {
  assert.equal(regressionMetrics([2, 2, 2], [2, 2, 2]).r2, 1);
  assert.equal(regressionMetrics([2, 2, 2], [1, 2, 3]).r2, 0);
  assert.deepEqual(regressionMetrics([], []), { mse: 0, mae: 0, r2: 0 });
});

test('argmaxRows', () => {
  assert.deepEqual([...argmaxRows([0.1, 0.7, 0.2, 0.5, 0.2, 0.3], 3)], [1, 0]);
});
