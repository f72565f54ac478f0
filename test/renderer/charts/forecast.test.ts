import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildForecastOption, buildHorizonErrorOption } from '../../../renderer/src/charts/forecast.ts';
import { setLocale } from '../../../renderer/src/i18n/index.ts';
import type { ForecastWindow } from '../../../main/forecast/types.ts';

const window: ForecastWindow = { index: 4, series: 'a', seriesStart: '2020-01-01', step: 100, history: [1, 2, 3, 4], truth: [5, 6], prediction: [4.5, 7], mae: 0.75 };

test('a forecast: history over the lookback, truth and prediction over the horizon, joined at the last history step', () => {
  setLocale('en');
  const option: any = buildForecastOption(window, 'births');
  assert.deepEqual(option.xAxis.data, ['100', '101', '102', '103', '104', '105']);
  assert.equal(option.yAxis.name, 'births');
  const [history, truth, prediction] = option.series;
  assert.deepEqual([history.name, truth.name, prediction.name], ['History', 'Truth', 'Prediction']);
  assert.deepEqual(history.data, [1, 2, 3, 4, null, null]);
  assert.deepEqual(truth.data, [null, null, null, 4, 5, 6]);
  assert.deepEqual(prediction.data, [null, null, null, 4, 4.5, 7]);
  // The horizon is shaded from its first to its last step, named by category so it cannot shift.
  const [[from, to]] = history.markArea.data;
  assert.deepEqual([from.xAxis, to.xAxis], ['104', '105']);
});

test('truth and prediction differ by more than colour: line style and marker shape', () => {
  const [, truth, prediction]: any[] = (buildForecastOption(window, 'v') as any).series;
  assert.notEqual(truth.lineStyle.type, prediction.lineStyle.type);
  assert.equal(prediction.lineStyle.type, 'dashed');
  assert.notEqual(truth.symbol, prediction.symbol);
  assert.ok(truth.showSymbol && prediction.showSymbol);
});

test('MAE by horizon step: one bar per step ahead, in the catalogue\'s language', () => {
  setLocale('en');
  const option: any = buildHorizonErrorOption([1.5, 2, 2.25]);
  assert.deepEqual(option.xAxis.data, ['t+1', 't+2', 't+3']);
  assert.deepEqual(option.series[0].data, [1.5, 2, 2.25]);
  assert.equal(option.series[0].type, 'bar');
  setLocale('zh-CN');
  assert.equal((buildHorizonErrorOption([1]) as any).xAxis.name, '预测步数');
  setLocale('en');
});
