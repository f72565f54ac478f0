import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSeriesSplitOption } from '../../../renderer/src/charts/series-split.ts';
import { buildCoverageOption, buildWordCountOption } from '../../../renderer/src/charts/text-stats.ts';

const stats = {
  words: { p50: 12, p95: 40, max: 59, histogram: [{ upTo: 19, rows: 30 }, { upTo: 39, rows: 12 }, { upTo: 59, rows: 3 }] },
  distinctWords: 900,
  coverage: [{ top: 100, share: 0.55 }, { top: 500, share: 0.83 }],
  emptyRows: 0,
};

test('words per row: one bar per bin, the model length marked in its bin', () => {
  const option: any = buildWordCountOption(stats, 32);
  assert.deepEqual(option.xAxis.data, ['0–19', '20–39', '40–59']);
  assert.deepEqual(option.series[0].data, [30, 12, 3]);
  assert.deepEqual(option.series[0].markLine.data, [{ xAxis: 1 }]);
});

test('coverage: a share per vocabulary size, read out in the tooltip', () => {
  const option: any = buildCoverageOption(stats.coverage);
  assert.deepEqual(option.series[0].data, [0.55, 0.83]);
  assert.match(option.tooltip.formatter([{ name: '500', value: 0.83 }]), /500.*83/);
});

test('series plot: values with gaps, validation and test shaded, an example window', () => {
  const line = { id: 'a', start: '2020-01-01', end: '2020-01-10', values: [1, 2, null, 4, 5, 6, 7, 8, 9, 10], valStart: 6, testStart: 8, firstTestWindow: 8 };
  const option: any = buildSeriesSplitOption(line, 1, 1);
  assert.deepEqual(option.series[0].data, line.values);
  assert.equal(option.series[0].connectNulls, false);
  const areas = option.series[0].markArea.data;
  assert.deepEqual(areas.map((a: any) => [a[0].xAxis, a[1].xAxis]), [[6, 8], [8, 9], [8, 8], [9, 9]]);
});
