import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foldPositions, kFolds, stratifiedFolds } from '../../../../main/ensemble/math/folds.ts';

// 3 classes with 10, 7 and 5 rows, interleaved.
const labels = Float32Array.from([...Array(10).fill(0), ...Array(7).fill(1), ...Array(5).fill(2)]).reverse();

test('stratified folds: every fold holds every class, sizes differ by at most one', () => {
  const folds = stratifiedFolds(labels, 5, 1);
  const sizes = [0, 1, 2, 3, 4].map((f) => folds.filter((x) => x === f).length);
  assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `fold sizes ${sizes}`);
  for (let f = 0; f < 5; f++) {
    const { train, holdout } = foldPositions(folds, f);
    assert.equal(train.length + holdout.length, labels.length);
    const classes = new Set(Array.from(holdout, (p) => labels[p]));
    assert.deepEqual([...classes].sort(), [0, 1, 2], `fold ${f}`);
    for (const c of [0, 1, 2]) {
      const inFold = Array.from(holdout).filter((p) => labels[p] === c).length;
      const total = labels.filter((y) => y === c).length;
      assert.ok(Math.abs(inFold - total / 5) < 1, `fold ${f}, class ${c}: ${inFold} of ${total}`);
    }
  }
});

test('folds are seeded', () => {
  assert.deepEqual(stratifiedFolds(labels, 4, 3), stratifiedFolds(labels, 4, 3));
  assert.notDeepEqual(stratifiedFolds(labels, 4, 3), stratifiedFolds(labels, 4, 4));
  assert.deepEqual(kFolds(20, 3, 2), kFolds(20, 3, 2));
  const sizes = [0, 1, 2].map((f) => kFolds(20, 3, 2).filter((x) => x === f).length);
  assert.deepEqual(sizes, [7, 7, 6]);
});

test('more folds than rows of the smallest class are refused, naming the class', () => {
  assert.throws(() => stratifiedFolds(labels, 6, 1, ['setosa', 'versicolor', 'virginica']), {
    code: 'invalid_argument',
    message: "stacking with 6 folds needs at least 6 training rows of every class, but class 'virginica' has 5; use at most 5 folds",
  });
  assert.throws(() => stratifiedFolds(labels, 1, 1), { code: 'invalid_argument', message: /folds must be an integer from 2 to 20/ });
  assert.throws(() => stratifiedFolds(labels, 21, 1), { code: 'invalid_argument' });
  assert.throws(() => kFolds(3, 4, 1), { code: 'invalid_argument', message: /cannot split 3 training rows into 4 folds/ });
  assert.throws(() => stratifiedFolds([0, 1.5, 1], 2, 1), { code: 'invalid_argument', message: /row 1 has class index 1.5/ });
});
