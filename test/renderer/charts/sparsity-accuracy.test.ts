import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSparsityAccuracyOption } from '../../../renderer/src/charts/sparsity-accuracy.ts';

test('one line per curve, points sorted by sparsity, non-finite points dropped', () => {
  const option: any = buildSparsityAccuracyOption({
    metric: 'accuracy',
    curves: [
      { name: 'magnitude pruning', points: [
        { sparsity: 0.9, value: 0.7, label: '90%' },
        { sparsity: 0, value: 0.95, label: 'baseline' },
        { sparsity: 0.5, value: 0.94, label: '50%', current: true },
        { sparsity: NaN, value: 0.5, label: 'broken' },
      ] },
      { name: 'structured pruning', points: [{ sparsity: 0.3, value: 0.9, label: 's' }] },
    ],
  });
  assert.equal(option.series.length, 2);
  assert.deepEqual(option.series[0].data.map((d: any) => d.value), [[0, 0.95], [0.5, 0.94], [0.9, 0.7]]);
  assert.deepEqual(option.series[0].data.map((d: any) => d.name), ['baseline', '50%', '90%']);
  // The experiment on screen stands out.
  assert.equal(option.series[0].data[1].symbolSize, 12);
  assert.equal(option.series[0].data[0].symbolSize, 7);
  assert.equal(option.xAxis.min, 0);
  assert.equal(option.xAxis.max, 1);
  assert.equal(option.xAxis.axisLabel.formatter(0.25), '25%');
  assert.equal(option.yAxis.name, 'accuracy');
  assert.ok(option.yAxis.max <= 1, 'accuracy never reads above 1');
  assert.ok(option.legend, 'two curves need a legend');
  assert.match(option.aria.label.description, /4 points on 2 curve/);
});

test('a single curve has no legend and the tooltip names the point', () => {
  const option: any = buildSparsityAccuracyOption({ metric: 'r2', curves: [{ name: 'm', points: [{ sparsity: 0.5, value: 0.81234, label: 'half' }] }] });
  assert.equal(option.legend, undefined);
  const text = option.tooltip.formatter({ name: 'half', data: { value: [0.5, 0.81234] } });
  assert.match(text, /half/);
  assert.match(text, /50%/);
  assert.match(text, /r2 0\.8123/);
});

test('no curves gives an empty but valid chart', () => {
  const option: any = buildSparsityAccuracyOption({ metric: 'accuracy', curves: [] });
  assert.deepEqual(option.series, []);
});
