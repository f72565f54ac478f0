import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPredictions, memberBlock, selectMembers, selectRows, stackPredictions } from '../../../../main/ensemble/math/predictions.ts';

// 2 members × 3 rows × 2 outputs: member m, row r, output k holds 100m + 10r + k.
const set = stackPredictions(
  [Float32Array.of(0, 1, 10, 11, 20, 21), Float32Array.of(100, 101, 110, 111, 120, 121)],
  2,
);

test('the layout is [members × rows × outputs]', () => {
  assert.deepEqual([set.members, set.rows, set.outputs], [2, 3, 2]);
  assert.deepEqual(Array.from(memberBlock(set, 1)), [100, 101, 110, 111, 120, 121]);
  assert.deepEqual(Array.from(selectRows(set, [2, 0]).values), [20, 21, 0, 1, 120, 121, 100, 101]);
  assert.deepEqual(Array.from(selectMembers(set, [1, 1]).values), [100, 101, 110, 111, 120, 121, 100, 101, 110, 111, 120, 121]);
});

test('bad shapes and values are refused with a clear message', () => {
  assert.throws(() => checkPredictions({ ...set, rows: 4 }), { code: 'invalid_argument', message: /12 values, expected 2 members × 4 rows × 2 outputs/ });
  assert.throws(() => checkPredictions(set, [0, 1]), { code: 'invalid_argument', message: /2 labels for 3 predicted rows/ });
  const nan = { ...set, values: Float32Array.from(set.values) };
  nan.values[9] = Number.NaN;
  assert.throws(() => checkPredictions(nan), { message: /member 1 predicted a non-finite value \(NaN\) for row 1/ });
  assert.throws(() => stackPredictions([new Float32Array(4), new Float32Array(6)], 2), { message: /member 1 has 6 predicted values, member 0 has 4/ });
  assert.throws(() => stackPredictions([], 2), { code: 'invalid_argument' });
});
