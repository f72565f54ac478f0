import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GridSampler, gridCombinations } from '../../../main/tuner/samplers/grid.ts';
import { validateSpace } from '../../../main/tuner/space.ts';
import { runLoop } from './fixtures.ts';

const space = validateSpace({ params: {
  depth: { kind: 'int', low: 1, high: 3 },
  units_3: { kind: 'categorical', choices: [32, 64], when: { param: 'depth', op: 'gte', value: 3 } },
  lr: { kind: 'float', low: 1e-3, high: 1e-1, log: true },
} });

test('grid projects combinations onto active params and de-duplicates them', () => {
  const combos = gridCombinations(space, { grid: { lr: [0.001, 0.01] }, pointsPerContinuous: null });
  // depth 1 and 2: 2 lr each; depth 3: 2 units × 2 lr.
  assert.equal(combos.length, 8);
  assert.ok(combos.every((c) => (c.depth === 3) === (c.units_3 !== undefined)));
});

test('grid visits every combination once, then cycles deterministically', () => {
  const sampler = new GridSampler({ pointsPerContinuous: 3 });
  const h = runLoop(space, sampler, 12, 0, ['minimize'], () => [0]);
  const keys = h.map((t) => JSON.stringify(t.params));
  assert.equal(new Set(keys.slice(0, 12)).size, 12); // 2·3 + 1·2·3 = 12 distinct
  assert.ok(sampler.isExhausted(space, h));
  const more = runLoop(space, sampler, 3, 0, ['minimize'], () => [0], h).slice(12);
  assert.deepEqual(more.map((t) => JSON.stringify(t.params)), keys.slice(0, 3));
  // log spacing for log floats
  assert.deepEqual([...new Set(h.map((t) => t.params.lr))].sort(), [0.001, 0.01, 0.1].sort());
});

test('grid needs points for continuous params, and checks given points', () => {
  assert.throws(() => gridCombinations(space, { grid: {}, pointsPerContinuous: null }), /param 'lr' is continuous/);
  assert.throws(() => gridCombinations(space, { grid: { lr: [5] }, pointsPerContinuous: null }), /outside param 'lr'/);
});
