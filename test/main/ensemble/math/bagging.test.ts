import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootstrap, featureSubset, outOfBagPredictions, outOfBagScore } from '../../../../main/ensemble/math/bagging.ts';
import { stackPredictions } from '../../../../main/ensemble/math/predictions.ts';

const trainRows = Int32Array.from({ length: 1000 }, (_, i) => 3 * i + 1); // dataset row ids, not positions

test('bootstraps are seeded: same (seed, member) → same resample; another member or seed → another', () => {
  const a = bootstrap(trainRows, 7, 0);
  assert.deepEqual(bootstrap(trainRows, 7, 0), a);
  assert.notDeepEqual(bootstrap(trainRows, 7, 1).rows, a.rows);
  assert.notDeepEqual(bootstrap(trainRows, 8, 0).rows, a.rows);
  assert.equal(a.rows.length, 1000);
  assert.ok(a.rows.every((r) => r % 3 === 1), 'draws are dataset rows from trainRows');
});

test('the out-of-bag mask is exactly the training rows never drawn, about 1/e of them', () => {
  const { rows, outOfBag } = bootstrap(trainRows, 3, 2);
  const drawn = new Set(rows);
  for (let pos = 0; pos < trainRows.length; pos++) assert.equal(outOfBag[pos] === 1, !drawn.has(trainRows[pos]), `position ${pos}`);
  const fraction = outOfBag.reduce((a, b) => a + b, 0) / trainRows.length;
  assert.ok(Math.abs(fraction - Math.exp(-1)) < 0.04, `out-of-bag fraction ${fraction}`);
  assert.ok(rows.length > drawn.size, 'draws repeat rows (with replacement)');
});

test('a bootstrap fraction draws fewer rows', () => {
  assert.equal(bootstrap(trainRows, 1, 0, 0.5).rows.length, 500);
  assert.throws(() => bootstrap(trainRows, 1, 0, 0), { code: 'invalid_argument', message: /fraction must be in \(0, 1\]/ });
  assert.throws(() => bootstrap(new Int32Array(0), 1, 0), { code: 'invalid_argument' });
});

test('feature subsets keep round(fraction·F) features, at least one, seeded per member', () => {
  const m = featureSubset(30, 5, 0, 0.5);
  assert.equal(m.reduce((a, b) => a + b, 0), 15);
  assert.deepEqual(featureSubset(30, 5, 0, 0.5), m);
  assert.notDeepEqual(featureSubset(30, 5, 1, 0.5), m);
  assert.equal(featureSubset(4, 5, 0, 0.01).reduce((a, b) => a + b, 0), 1);
  assert.equal(featureSubset(4, 5, 0, 1).reduce((a, b) => a + b, 0), 4);
  assert.throws(() => featureSubset(4, 5, 0, 1.5), { code: 'invalid_argument' });
});

test('out-of-bag predictions average only the members that left the row out', () => {
  // 3 members, 4 rows, 2 classes.
  const set = stackPredictions(
    [
      Float32Array.of(0.9, 0.1, 0.8, 0.2, 0.3, 0.7, 0.5, 0.5),
      Float32Array.of(0.7, 0.3, 0.2, 0.8, 0.1, 0.9, 0.5, 0.5),
      Float32Array.of(0.5, 0.5, 0.4, 0.6, 0.6, 0.4, 0.5, 0.5),
    ],
    2,
  );
  const masks = [Uint8Array.of(1, 1, 0, 0), Uint8Array.of(1, 0, 1, 0), Uint8Array.of(0, 0, 1, 0)];
  const oob = outOfBagPredictions(set, masks);
  assert.deepEqual(Array.from(oob.covered), [1, 1, 1, 0]);
  assert.equal(oob.coveredRows, 3);
  const expect = [0.8, 0.2, 0.8, 0.2, 0.35, 0.65, 0, 0];
  oob.values.forEach((v, i) => assert.ok(Math.abs(v - expect[i]) < 1e-6, `value ${i}: ${v}`));
  // Labels 0, 1, 1, (row 3 uncovered): rows 0 and 2 right, row 1 wrong.
  const score = outOfBagScore(set, masks, [0, 1, 1, 0], 'accuracy');
  assert.equal(score.coveredRows, 3);
  assert.ok(Math.abs(score.value - 2 / 3) < 1e-12);
  assert.throws(() => outOfBagScore(set, [masks[0], masks[1]], [0, 1, 1, 0], 'accuracy'), { message: /2 out-of-bag masks for 3 members/ });
  assert.throws(() => outOfBagScore(set, masks.map(() => new Uint8Array(4)), [0, 1, 1, 0], 'accuracy'), { message: /no training row was out of bag/ });
});
