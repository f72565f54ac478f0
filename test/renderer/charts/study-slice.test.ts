import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSliceOption, sliceHeight, SLICE_ROW_HEIGHT } from '../../../renderer/src/charts/study-slice.ts';
import type { ParamAxis, TrialPoint } from '../../../renderer/src/lib/study-types.ts';

const axes: ParamAxis[] = [
  { name: 'lr', kind: 'float', low: 1e-4, high: 1e-1, log: true },
  { name: 'act', kind: 'categorical', choices: ['relu', 'tanh'] },
  { name: 'depth', kind: 'int', low: 1, high: 4, log: false },
  { name: 'units_2', kind: 'int', low: 8, high: 64, log: false },
  { name: 'seed', kind: 'fixed', value: 1 },
];
const trials: TrialPoint[] = [
  { number: 0, state: 'complete', params: { lr: 0.01, act: 'relu', depth: 1 }, values: [0.5] },
  { number: 1, state: 'complete', params: { lr: 0.002, act: 'tanh', depth: 2, units_2: 16 }, values: [0.3] },
  { number: 2, state: 'failed', params: { lr: 0.05, act: 'tanh', depth: 1 } },
];

test('one panel per varying param, each with its own axes', () => {
  const o: any = buildSliceOption({ axes, trials, objective: { name: 'val_loss', direction: 'minimize' } });
  assert.equal(o.grid.length, 4);
  assert.equal(o.series.length, 4);
  assert.equal(o.xAxis[0].type, 'log');
  assert.equal(o.xAxis[1].type, 'category');
  assert.deepEqual(o.series[1].data, [['relu', 0.5, 0], ['tanh', 0.3, 1]]);
  assert.equal(o.series[3].data.length, 1, 'a param only counts where it was active');
  assert.equal(o.grid[3].top, SLICE_ROW_HEIGHT + 28, 'fourth panel wraps to the second row');
  assert.equal(o.yAxis[0].name, 'val_loss');
  assert.equal(o.yAxis[1].name, undefined);
});

test('the chart height follows the number of rows', () => {
  assert.equal(sliceHeight(3), SLICE_ROW_HEIGHT + 24);
  assert.equal(sliceHeight(4), 2 * SLICE_ROW_HEIGHT + 24);
  assert.equal(sliceHeight(0), SLICE_ROW_HEIGHT + 24);
});
