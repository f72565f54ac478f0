import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ApiError } from '../../../../main/api/errors.ts';
import { parseSeriesCsv } from '../../../../main/data/series/series-csv.ts';

const csv = (rows: string[]) => ['time,id,value,other', ...rows].join('\n');
const days = (n: number, id = 'a', f = (i: number) => i) =>
  Array.from({ length: n }, (_, i) => `${new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10)},${id},${f(i)},${(i * 7) % 5}`);

const badData = (pattern: RegExp) => (e: unknown) => e instanceof ApiError && e.code === 'bad_data' && pattern.test(e.message);

test('forecast windows: x = lookback steps of target then other values, y = the next horizon target steps', () => {
  const data = parseSeriesCsv(csv(days(40)), { time: 'time', target: 'value', values: ['other'], lookback: 4, horizon: 2, validation: 0.25, test: 0.25 });
  assert.equal(data.task, 'regression');
  assert.deepEqual(data.inputShape, [4, 2]);
  assert.deepEqual(data.classes, ['value t+1', 'value t+2']);
  const n = data.y.length / 2;
  assert.equal(data.x.length, n * 8);
  assert.equal(data.parts?.length, n);
  // First window: steps 0..3, targets 4, 5.
  assert.deepEqual(Array.from(data.x.subarray(0, 8)), [0, 0, 1, 2, 2, 4, 3, 1]);
  assert.deepEqual(Array.from(data.y.subarray(0, 2)), [4, 5]);
  // Parts are in time order and each window's targets lie in its part: train steps < 20, validation < 30.
  const parts = Array.from(data.parts as Uint8Array);
  assert.deepEqual(parts, [...parts].sort());
  for (let w = 0; w < n; w++) {
    const lastTarget = data.y[w * 2 + 1];
    const firstInput = data.x[w * 8];
    const [from, to] = [[0, 20], [20, 30], [30, 40]][parts[w]];
    assert.ok(firstInput >= from && lastTarget < to, `window ${w} lies inside part ${parts[w]}`);
  }
  assert.deepEqual(data.info?.series?.windows, { train: 15, val: 5, test: 5 });
});

test('several series by id: each split on its own, nothing mixed across series', () => {
  const rows = [...days(30, 'b', (i) => 100 + i), ...days(30, 'a')];
  const data = parseSeriesCsv(csv(rows), { time: 'time', id: 'id', target: 'value', values: [], lookback: 3, horizon: 1, validation: 0.2, test: 0.2 });
  assert.deepEqual(data.info?.series?.series.map((s) => s.id), ['a', 'b']);
  for (let w = 0; w < data.y.length; w++) {
    const first = data.x[w * 3];
    const target = data.y[w];
    assert.equal(target - first, 3, 'the target is 3 steps after the window start, in the same series');
  }
});

test('bad series input is refused naming the row or series', () => {
  const opts = { time: 'time', target: 'value', values: ['other'], lookback: 3, horizon: 1 };
  assert.throws(() => parseSeriesCsv(csv(['2024-01-01,a,1,1', 'yesterday,a,2,2']), opts), badData(/'yesterday' in row 3, which is not a date/));
  const unordered = days(30);
  [unordered[5], unordered[6]] = [unordered[6], unordered[5]];
  assert.throws(() => parseSeriesCsv(csv(unordered), opts), badData(/not in order: row 8 .* comes after row 7/));
  const dup = days(30);
  dup[9] = dup[8];
  assert.throws(() => parseSeriesCsv(csv(dup), opts), badData(/duplicate time '2024-01-09' in rows 10 and 11/));
  assert.throws(() => parseSeriesCsv(csv(days(30)), { ...opts, lookback: 40 }), badData(/30 steps, fewer than one window of lookback 40/));
  assert.throws(() => parseSeriesCsv(csv(['2024-02-30,a,1,1']), opts), badData(/'2024-02-30'/));
  const gap = days(30);
  gap[4] = '2024-01-05,a,,1';
  assert.throws(() => parseSeriesCsv(csv(gap), opts), badData(/missing value/));
});

test('a value column that is the target shifted into the future is refused as a leak', () => {
  const rows = Array.from({ length: 30 }, (_, i) => `${i},a,${i * i},${(i + 1) * (i + 1)}`);
  assert.throws(
    () => parseSeriesCsv(csv(rows), { time: 'time', target: 'value', values: ['other'], lookback: 3, horizon: 2 }),
    badData(/'other' is the target 'value' 1 step\(s\) ahead/),
  );
});

test('sequence classification: the label at the window end', () => {
  const rows = Array.from({ length: 60 }, (_, i) => `${i},${i % 10 < 5 ? 'up' : 'down'},${Math.sin(i)},${i % 3}`);
  const data = parseSeriesCsv(['t,state,value,other', ...rows].join('\n'), { time: 't', label: 'state', lookback: 4 });
  assert.equal(data.task, 'classification');
  assert.deepEqual(data.classes, ['down', 'up']);
  assert.deepEqual(data.inputShape, [4, 2]);
  assert.equal(data.y[0], 1, 'the window 0..3 ends at step 3, whose state is up (class 1)');
  assert.equal(data.y[3], 0, 'the window 3..6 ends at step 6: down (class 0)');
});

test('the US births sample parses as a daily series', () => {
  const text = readFileSync(new URL('../../../../assets/samples/us_births.csv', import.meta.url), 'utf8');
  const data = parseSeriesCsv(text, { time: 'date', target: 'births', lookback: 28, horizon: 7, stride: 1 });
  assert.equal(data.info?.series?.series[0].length, 7305);
  assert.equal(data.info?.series?.series[0].start, '1969-01-01');
});
