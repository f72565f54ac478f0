import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDiversityOption } from '../../../renderer/src/charts/ensemble-diversity.ts';
import { buildMemberMetricsOption } from '../../../renderer/src/charts/ensemble-members.ts';
import { buildSelectionPathOption } from '../../../renderer/src/charts/ensemble-selection-path.ts';

test('diversity: one cell per pair [column, row, value]; disagreement from 0, correlation over [-1, 1]', () => {
  const option: any = buildDiversityOption({ kind: 'disagreement', positions: [0, 2], matrix: [0, 0.25, 0.25, 0] }, ['a <b>', 'c']);
  assert.deepEqual(option.series[0].data, [[0, 0, 0], [1, 0, 0.25], [0, 1, 0.25], [1, 1, 0]]);
  assert.deepEqual(option.xAxis.data, ['a <b>', 'c']);
  assert.equal(option.visualMap.min, 0);
  assert.equal(option.visualMap.max, 0.25);
  const tip = option.tooltip.formatter({ data: [1, 0, 0.25] });
  assert.match(tip, /a &#60;b&#62; × c/, 'names are escaped');
  assert.match(tip, /25% of validation rows differ/);
  const corr: any = buildDiversityOption({ kind: 'correlation', positions: [0, 1, 2], matrix: [1, 0.5, -0.2, 0.5, 1, 0.1, -0.2, 0.1, 1] }, []);
  assert.deepEqual([corr.visualMap.min, corr.visualMap.max], [-1, 1]);
  assert.deepEqual(corr.xAxis.data, ['member 1', 'member 2', 'member 3']);
  assert.match(corr.tooltip.formatter({ data: [2, 0, -0.2] }), /r = -0\.2/);
});

test('selection path: the metric after each addition, the best member as a dashed line, a marker where the kept prefix ends', () => {
  const option: any = buildSelectionPathOption({
    path: [{ position: 3, loss: 0.3, value: 0.3 }, { position: 1, loss: 0.25, value: 0.25 }, { position: 3, loss: 0.26, value: 0.26 }],
    prefix: 2, best: { position: 3, loss: 0.3, value: 0.3 }, metric: 'log_loss', nameOf: (p) => `m${p}`,
  });
  assert.deepEqual(option.series[0].data.map((d: any) => d.value), [[1, 0.3], [2, 0.25], [3, 0.26]]);
  assert.deepEqual(option.series[0].markLine.data, [{ xAxis: 2 }]);
  assert.equal(option.series[0].markLine.label.formatter, 'kept 2');
  assert.equal(option.series[1].name, 'best member (m3)');
  assert.deepEqual(option.series[1].data, [[1, 0.3], [3, 0.3]]);
  assert.equal(option.xAxis.max, 3);
  assert.match(option.tooltip.formatter({ value: [2, 0.25], data: { position: 1 } }), /addition 2: m1/);
});

test('members vs ensemble: a validation and a test bar per member, the ensemble highlighted last', () => {
  const option: any = buildMemberMetricsOption([
    { label: 'run a', val: 0.9, test: 0.88 }, { label: 'run b', val: 0.91, test: null }, { label: 'ensemble', val: 0.95, test: 0.93, ensemble: true },
  ], 'accuracy');
  assert.deepEqual(option.xAxis.data, ['run a', 'run b', 'ensemble']);
  assert.deepEqual(option.series.map((s: any) => s.name), ['validation', 'test']);
  assert.deepEqual(option.series[1].data.map((d: any) => d.value), [0.88, null, 0.93]);
  assert.equal(option.series[0].data[0].itemStyle, undefined, 'members take the series colour (the legend\'s)');
  assert.notEqual(option.series[0].data[2].itemStyle.color, option.series[0].itemStyle.color);
  assert.equal(option.yAxis.name, 'accuracy');
});
