import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildClassBalanceOption } from '../../../renderer/src/charts/class-balance.ts';

test('one bar per class with its count', () => {
  const option: any = buildClassBalanceOption(['setosa', 'versicolor', 'virginica'], [50, 50, 40]);
  assert.deepEqual(option.xAxis.data, ['setosa', 'versicolor', 'virginica']);
  assert.equal(option.series[0].type, 'bar');
  assert.deepEqual(option.series[0].data, [50, 50, 40]);
  assert.equal(option.tooltip.formatter([{ name: 'virginica', value: 40 }]), 'virginica: 40 (28.6%)');
});

test('many classes rotate their labels', () => {
  const classes = Array.from({ length: 12 }, (_, i) => `c${i}`);
  assert.equal((buildClassBalanceOption(classes, classes.map(() => 1)) as any).xAxis.axisLabel.rotate, 45);
});
