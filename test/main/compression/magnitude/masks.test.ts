import { test } from 'node:test';
import assert from 'node:assert/strict';
import { globalMasks, layerMasks, magnitudeThreshold, pruneCount, zeroCount } from '../../../../main/compression/magnitude/masks.ts';
import { polynomialSparsity, scheduleSettled, scheduleWindow, sparsityAt } from '../../../../main/compression/magnitude/schedule.ts';
import type { MagnitudePruningPlan } from '../../../../main/compression/types.ts';

const f32 = (xs: number[]) => Float32Array.from(xs);

test('layer masks remove exactly round(s·n) of the smallest |w| per array', () => {
  const [a, b] = layerMasks([f32([0.5, -0.1, 0.3, -0.9]), f32([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])], 0.5);
  assert.deepEqual(Array.from(a!), [1, 0, 0, 1]);
  assert.deepEqual(Array.from(b!), [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
});

test('ties at the threshold are broken by position so the count is exact', () => {
  const [m] = layerMasks([f32([0, 0, 0, 0, 1, 1])], 0.5);
  assert.deepEqual(Array.from(m!), [0, 0, 0, 1, 1, 1]);
  assert.deepEqual(magnitudeThreshold([f32([0, 0, 0, 0, 1, 1])], 3), { threshold: 0, atThreshold: 3 });
});

test('global masks share one threshold: the layer of small weights loses more', () => {
  const small = f32([0.01, 0.02, 0.03, 0.04]);
  const big = f32([1, 2, 3, 4]);
  const [m1, m2] = globalMasks([f32([0.01, 0.02, 0.03, 0.04, 0.05]), f32([1, 2, 3, 4, 5, 6, 7])], 0.25);
  assert.deepEqual(Array.from(m1!), [0, 0, 0, 1, 1]);
  assert.deepEqual(Array.from(m2!), [1, 1, 1, 1, 1, 1, 1]);
  // ...but never empties a layer: its largest weight stays when all of it would go.
  const [ms, mb] = globalMasks([small, big], 0.75);
  assert.deepEqual(Array.from(ms!), [0, 0, 0, 1]);
  assert.equal(zeroCount(mb!), 2);
});

test('sparsity outside [0, 1) is refused', () => {
  assert.throws(() => pruneCount(1, 10), /\[0, 1\)/);
  assert.throws(() => pruneCount(-0.1, 10), /\[0, 1\)/);
  assert.equal(pruneCount(0, 10), 0);
  assert.equal(pruneCount(0.8, 10), 8);
});

test('polynomial decay: s_t = s_f + (s_i − s_f)(1 − progress)^3', () => {
  assert.equal(polynomialSparsity(0, 0, 10, 0, 0.8), 0);
  assert.ok(Math.abs(polynomialSparsity(5, 0, 10, 0, 0.8) - (0.8 - 0.8 * 0.125)) < 1e-12);
  assert.equal(polynomialSparsity(10, 0, 10, 0, 0.8), 0.8);
  assert.equal(polynomialSparsity(12, 0, 10, 0, 0.8), 0.8);
  const plan: MagnitudePruningPlan = { kind: 'magnitude', targetSparsity: 0.9, schedule: 'gradual', scope: 'layer' };
  assert.deepEqual(scheduleWindow(plan, 9), { begin: 0, end: 6 });
  const values = Array.from({ length: 9 }, (_, e) => sparsityAt(plan, e, 9));
  for (let i = 1; i < values.length; i++) assert.ok(values[i]! >= values[i - 1]!, 'non-decreasing');
  assert.equal(values[5], 0.9);
  assert.ok(!scheduleSettled(plan, 4, 9) && scheduleSettled(plan, 5, 9));
  assert.equal(sparsityAt({ ...plan, schedule: 'oneshot' }, 0, 9), 0.9);
});
