import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rankedText, windowPlaceText, windowTitle } from '../../../renderer/src/lib/forecast-view.ts';
import { setLocale } from '../../../renderer/src/i18n/index.ts';
import type { ForecastWindow } from '../../../main/forecast/types.ts';

const window = (series: string): ForecastWindow => ({ index: 0, series, seriesStart: '1969-01-01', step: 120, history: new Array(28).fill(0), truth: [1, 2, 3], prediction: [1, 2, 3], mae: 0 });

test('a window\'s place: the steps read and forecast, its series when there are several', () => {
  setLocale('en');
  assert.equal(windowPlaceText(window('')), 'steps 120–147 read, 148–150 forecast (series starts 1969-01-01)');
  assert.equal(windowPlaceText(window('CA')), 'series CA: steps 120–147 read, 148–150 forecast (series starts 1969-01-01)');
  setLocale('zh-CN');
  assert.match(windowPlaceText(window('CA')), /^序列 CA：读取第 120–147 步，预测第 148–150 步/);
  setLocale('en');
});

test('window titles count from 1 and carry the error when known', () => {
  setLocale('en');
  assert.equal(windowTitle(0, 30), 'Window 1 of 30');
  assert.equal(windowTitle(29, 30, 1.25), 'Window 30 of 30 · MAE 1.25');
  assert.equal(rankedText(29, 1.25), '#30 · MAE 1.25');
});
