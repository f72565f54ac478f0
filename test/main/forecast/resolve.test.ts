import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DatasetMeta, SeriesInfo } from '../../../main/api/schemas.ts';
import { ForecastRequest } from '../../../main/forecast/request.ts';
import { checkForecasting, resolveForecast } from '../../../main/forecast/resolve.ts';
import { MAX_FORECAST_WINDOWS } from '../../../main/limits.ts';

const series = (horizon: number): SeriesInfo => ({
  timeColumn: 't', valueColumns: ['v'], target: 'v', lookback: 4, horizon, stride: 1, split: { validation: 0.2, test: 0.2 },
  series: [{ id: '', length: 50, start: '0', end: '49', valStart: 30, testStart: 40 }], windows: { train: 23, val: 3, test: 3 },
});
const meta = (over: Partial<DatasetMeta>) => ({ name: 'daily', task: 'regression', ...over }) as DatasetMeta;
const run = { name: 'r1' };
const invalid = (pattern: RegExp) => (e: Error & { code?: string }) => e.code === 'invalid_argument' && pattern.test(e.message);

test('only a forecasting series run is forecast: tables and series classifiers are refused saying why', () => {
  assert.doesNotThrow(() => checkForecasting(run, meta({ info: { series: series(3) } })));
  assert.throws(() => checkForecasting(run, meta({ info: {} })), invalid(/'daily', which is not a time series/));
  assert.throws(() => checkForecasting(run, meta({ task: 'classification', info: { series: series(0) } })), invalid(/classifies windows .* forecasts nothing/));
});

test('a request names windows inside the split, or a count and a pick; defaults spread 10', () => {
  const parse = (r: unknown) => ForecastRequest.parse(r);
  assert.deepEqual(resolveForecast(parse({ runId: 'r' }), 'daily', 30), { count: 10, pick: 'spread' });
  assert.deepEqual(resolveForecast(parse({ runId: 'r', count: 3, pick: 'worst' }), 'daily', 30), { count: 3, pick: 'worst' });
  assert.deepEqual(resolveForecast(parse({ runId: 'r', windows: [4, 0, 4] }), 'daily', 30), { windows: [4, 0] });
  assert.throws(() => resolveForecast(parse({ runId: 'r', windows: [3, 30] }), 'daily', 30), invalid(/window 30 is outside the test split, which has 30 windows \(0 to 29\)/));
  assert.throws(() => resolveForecast(parse({ runId: 'r', windows: [1], count: 2 }), 'daily', 30), invalid(/not both/));
  assert.throws(() => resolveForecast(parse({ runId: 'r' }), 'daily', 0), invalid(/test split of 'daily' has no windows .* use split 'val'/));
});

test('the request schema bounds the windows asked for', () => {
  const many = Array.from({ length: MAX_FORECAST_WINDOWS + 1 }, (_, i) => i);
  assert.equal(ForecastRequest.safeParse({ runId: 'r', windows: many }).success, false);
  assert.equal(ForecastRequest.safeParse({ runId: 'r', count: MAX_FORECAST_WINDOWS + 1 }).success, false);
  assert.equal(ForecastRequest.safeParse({ runId: 'r', split: 'train' }).success, false);
  assert.equal(ForecastRequest.safeParse({ runId: 'r', windows: [-1] }).success, false);
});
