import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildContourOption, fromUnit, idwGrid, toUnit } from '../../../renderer/src/charts/study-contour.ts';
import type { TrialPoint } from '../../../renderer/src/lib/study-types.ts';

const lr = { name: 'lr', kind: 'float' as const, low: 1e-4, high: 1e-2, log: true };
const act = { name: 'act', kind: 'categorical' as const, choices: ['relu', 'tanh', 'gelu'] };

test('unit mapping is logarithmic for log params and centred bins for categoricals', () => {
  assert.ok(Math.abs(toUnit(lr, 1e-3)! - 0.5) < 1e-12);
  assert.ok(Math.abs(fromUnit(lr, 0.5) - 1e-3) < 1e-12);
  assert.equal(toUnit(act, 'tanh'), 0.5);
  assert.equal(fromUnit(act, 0.5), 1, 'category index');
  assert.equal(toUnit(act, 'selu'), undefined);
  assert.equal(toUnit(lr, undefined), undefined);
});

test('the IDW surface passes near the samples and covers the whole grid', () => {
  const cells = idwGrid([{ u: 0.25, v: 0.25, z: 0 }, { u: 0.75, v: 0.75, z: 10 }], { x: lr, y: act }, 4);
  assert.equal(cells.length, 16);
  const near = (u: number, v: number) => cells.find((c) => toUnit(lr, c[0])! <= u && u <= toUnit(lr, c[2])! + 1e-9 && c[1] <= fromUnit(act, v) && fromUnit(act, v) <= c[3]);
  assert.ok(near(0.25, 0.25)![4] < 1);
  assert.ok(near(0.8, 0.8)![4] > 9);
  assert.deepEqual(idwGrid([], { x: lr, y: act }, 4), []);
});

test('contour option: surface cells, trial points, and axes that suit each param', () => {
  const trials: TrialPoint[] = [
    { number: 0, state: 'complete', params: { lr: 1e-3, act: 'relu' }, values: [0.3] },
    { number: 1, state: 'complete', params: { lr: 5e-3, act: 'gelu' }, values: [0.6] },
    { number: 2, state: 'pruned', params: { lr: 5e-3, act: 'tanh' } },
  ];
  const o: any = buildContourOption({ x: lr, y: act, trials, objective: { name: 'loss', direction: 'minimize' }, grid: 10 });
  assert.equal(o.series[0].type, 'custom');
  assert.equal(o.series[0].data.length, 100);
  assert.equal(o.series[1].data.length, 2);
  assert.equal(o.xAxis.type, 'log');
  assert.equal(o.yAxis.min, -0.5);
  assert.equal(o.yAxis.axisLabel.formatter(2), 'gelu');
  assert.equal(o.visualMap.min, 0.3);
});
