import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildLossCurveOption } from '../../../renderer/src/charts/loss-curve.ts';
import { groupMetricPoints, metricNames, seriesForMetric } from '../../../renderer/src/charts/series.ts';
import type { MetricPoint } from '../../../main/api/schemas.ts';

const points: MetricPoint[] = [
  { epoch: 2, split: 'train', name: 'loss', value: 0.5 },
  { epoch: 1, split: 'train', name: 'loss', value: 0.9 },
  { epoch: 1, split: 'val', name: 'loss', value: 1.0 },
  { epoch: 1, split: 'val', name: 'accuracy', value: 0.6 },
  { epoch: 2, split: 'val', name: 'accuracy', value: Number.NaN },
];

test('groups points into per-split series sorted by epoch, dropping non-finite values', () => {
  const series = groupMetricPoints(points);
  assert.deepEqual(series.map((s) => s.name), ['train loss', 'val loss', 'val accuracy']);
  assert.deepEqual(series[0].data, [[1, 0.9], [2, 0.5]]);
  assert.deepEqual(series[2].data, [[1, 0.6]]);
  assert.deepEqual(metricNames(points), ['loss', 'accuracy']);
  assert.equal(seriesForMetric(series, 'loss').length, 2);
});

test('buildLossCurveOption makes one line per series, validation dashed', () => {
  const option: any = buildLossCurveOption(seriesForMetric(groupMetricPoints(points), 'loss'), { title: 'Loss' });
  assert.equal(option.series.length, 2);
  assert.equal(option.series[0].type, 'line');
  assert.equal(option.series[0].lineStyle.type, 'solid');
  assert.equal(option.series[1].lineStyle.type, 'dashed');
  assert.equal(option.title.text, 'Loss');
  assert.equal(option.xAxis.type, 'value');
  assert.equal(option.animation, false);
  assert.equal(option.yAxis.name, undefined, 'the title names the metric');
});

test('a live chart can pin its x-axis to the planned epochs', () => {
  assert.equal((buildLossCurveOption([], { xMax: 60 }) as any).xAxis.max, 60);
  assert.equal((buildLossCurveOption([], { yName: 'loss' }) as any).yAxis.name, 'loss');
});

test('buildLossCurveOption downsamples long series and keeps the end points', () => {
  const data = Array.from({ length: 10_000 }, (_, i): [number, number] => [i + 1, Math.exp(-i / 1000)]);
  const option: any = buildLossCurveOption([{ name: 'train loss', data }], { maxPoints: 500 });
  assert.equal(option.series[0].data.length, 500);
  assert.deepEqual(option.series[0].data[0], data[0]);
  assert.deepEqual(option.series[0].data.at(-1), data.at(-1));
  assert.equal(option.series[0].showSymbol, false);
});

test('log scale only when every value is positive', () => {
  assert.equal((buildLossCurveOption([{ name: 'a', data: [[1, 1], [2, 0.1]] }], { logScale: true }) as any).yAxis.type, 'log');
  assert.equal((buildLossCurveOption([{ name: 'a', data: [[1, 1], [2, 0]] }], { logScale: true }) as any).yAxis.type, 'value');
});

test('empty input gives an empty chart, not an error', () => {
  const option: any = buildLossCurveOption([]);
  assert.deepEqual(option.series, []);
});
