import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildConfusionOption } from '../../../renderer/src/charts/confusion.ts';

test('one heatmap cell per matrix entry: [predicted, true, row share, count]', () => {
  const option: any = buildConfusionOption([[8, 2], [0, 10]], ['cat', 'dog']);
  const cells = option.series[0].data;
  assert.equal(option.series[0].type, 'heatmap');
  assert.equal(cells.length, 4);
  assert.deepEqual(cells[0].value, [0, 0, 0.8, 8]);
  assert.deepEqual(cells[1].value, [1, 0, 0.2, 2]);
  assert.equal(cells[0].label.color, '#ffffff', 'dark cell, light text');
  assert.notEqual(cells[1].label.color, '#ffffff');
  assert.deepEqual(option.xAxis.data, ['cat', 'dog']);
  assert.equal(option.yAxis.inverse, true);
  assert.equal(option.visualMap.max, 1);
  assert.equal(option.series[0].label.formatter({ data: cells[1] }), '2');
});

test('rows with no samples do not divide by zero; missing class names fall back to indices', () => {
  const option: any = buildConfusionOption([[0, 0], [1, 3]], []);
  assert.deepEqual(option.series[0].data[0].value, [0, 0, 0, 0]);
  assert.deepEqual(option.xAxis.data, ['0', '1']);
});

test('labels are hidden on large matrices to stay legible', () => {
  const n = 20;
  const m = Array.from({ length: n }, () => Array(n).fill(1));
  assert.equal((buildConfusionOption(m, []) as any).series[0].label.show, false);
});
