import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildLayerSparsityOption } from '../../../renderer/src/charts/sparsity-layers.ts';

const layers = [
  { layer: 'dense_1', sparsity: 0.5, zeros: 50, total: 100 },
  { layer: 'dense_2', sparsity: 0.75, zeros: 30, total: 40 },
  { layer: 'bad', sparsity: NaN, zeros: 0, total: 0 },
];

test('one bar per layer in model order, with the target as a reference line', () => {
  const option: any = buildLayerSparsityOption({ layers, target: 0.5 });
  assert.deepEqual(option.xAxis.data, ['dense_1', 'dense_2']);
  assert.deepEqual(option.series[0].data, [0.5, 0.75]);
  assert.deepEqual(option.series[0].markLine.data, [{ yAxis: 0.5 }]);
  assert.equal(option.series[0].markLine.label.formatter, 'target 50%');
  assert.equal(option.yAxis.max, 1);
  assert.match(option.tooltip.formatter([{ dataIndex: 1 }]), /dense_2<br\/>sparsity 75%<br\/>30 of 40/);
});

test('no target, no line; many layers get slanted labels', () => {
  const many = Array.from({ length: 8 }, (_, i) => ({ layer: `l${i}`, sparsity: 0.1 * i, zeros: i, total: 10 }));
  const option: any = buildLayerSparsityOption({ layers: many });
  assert.equal(option.series[0].markLine, undefined);
  assert.equal(option.xAxis.axisLabel.rotate, 30);
});
