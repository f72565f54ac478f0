import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crowdingDistance, nonDominatedSort, paretoFront, rankOrder } from '../../../main/tuner/pareto.ts';
import { selectSurvivors } from '../../../main/tuner/samplers/nsga2/selection.ts';

// Minimise both: front 0 = (1,5) (2,3) (4,1); front 1 = (3,4) (5,2); front 2 = (6,6).
const POINTS = [[3, 4], [1, 5], [6, 6], [2, 3], [5, 2], [4, 1]];

test('non-dominated sorting on a known set', () => {
  assert.deepEqual(nonDominatedSort(POINTS, ['minimize', 'minimize']), [[1, 3, 5], [0, 4], [2]]);
  assert.deepEqual(paretoFront(POINTS, ['minimize', 'minimize']), [1, 3, 5]);
  assert.deepEqual(paretoFront([[6, 1], [5, 1], [6, 2]], ['maximize', 'minimize']), [0]);
  assert.deepEqual(paretoFront([], ['minimize']), []);
  assert.deepEqual(paretoFront([[1, 1], [1, 1]], ['minimize', 'minimize']), [0, 1]); // equal points do not dominate each other
});

test('crowding distance on a known front', () => {
  // Sorted by f1: (1,5) (2,3) (4,1); ranges 3 and 4. Middle point: (4-1)/3 + (5-1)/4 = 2.
  assert.deepEqual(crowdingDistance([[1, 5], [2, 3], [4, 1]]), [Infinity, 2, Infinity]);
  const d = crowdingDistance([[0, 4], [1, 3], [3, 1], [4, 0]]);
  assert.deepEqual(d, [Infinity, 3 / 4 + 3 / 4, 3 / 4 + 3 / 4, Infinity]);
  assert.deepEqual(crowdingDistance([[1, 1], [2, 2]]), [Infinity, Infinity]);
});

test('rank order and NSGA-II survivors', () => {
  assert.deepEqual(rankOrder([[3], [1], [2]], ['minimize']), [1, 2, 0]);
  assert.deepEqual(rankOrder([[3], [1], [2]], ['maximize']), [0, 2, 1]);
  const order = rankOrder(POINTS, ['minimize', 'minimize']);
  assert.deepEqual(order.slice(0, 3).sort(), [1, 3, 5]);
  assert.equal(order.at(-1), 2);
  const s = selectSurvivors(POINTS, ['minimize', 'minimize'], 4);
  assert.deepEqual(s.map((x) => x.index).slice(0, 3), [1, 3, 5]);
  assert.equal(s.length, 4);
  assert.equal(s[3].front, 1);
});
