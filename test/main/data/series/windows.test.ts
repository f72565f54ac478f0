import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSeriesLength, seriesWindows, splitPoints, windowPlaces } from '../../../../main/data/series/windows.ts';

test('split points: the last shares of the steps, in time order', () => {
  assert.deepEqual(splitPoints(100, 0.15, 0.15), { valStart: 70, testStart: 85 });
  assert.deepEqual(splitPoints(100, 0.2, 0), { valStart: 80, testStart: 100 });
});

test('no window crosses a split boundary; windows step by the stride inside each part', () => {
  for (const [length, lookback, horizon, stride] of [[100, 5, 3, 1], [97, 7, 1, 3], [60, 4, 4, 2]]) {
    const points = splitPoints(length, 0.15, 0.15);
    const windows = seriesWindows(length, points, lookback, horizon, stride);
    const bounds = [0, points.valStart, points.testStart, length];
    for (const w of windows) {
      const end = w.start + lookback + horizon; // exclusive
      assert.ok(w.start >= bounds[w.part] && end <= bounds[w.part + 1], `window at ${w.start} (part ${w.part}) stays inside its part`);
    }
    // Every window that fits is made.
    for (let part = 0; part < 3; part++) {
      const made = windows.filter((w) => w.part === part).length;
      const room = bounds[part + 1] - bounds[part] - (lookback + horizon);
      assert.equal(made, room < 0 ? 0 : Math.floor(room / stride) + 1);
    }
  }
});

test('a lookback longer than the series, or than a part, is refused saying why', () => {
  assert.throws(() => checkSeriesLength('s', 10, splitPoints(10, 0.15, 0.15), 20, 1), /10 steps, fewer than one window of lookback 20 \+ horizon 1/);
  assert.throws(() => checkSeriesLength('s', 100, splitPoints(100, 0.15, 0.15), 14, 2), /validation part has 15 steps, fewer than one window/);
  assert.doesNotThrow(() => checkSeriesLength('s', 100, splitPoints(100, 0.15, 0.15), 13, 2));
});

test('a windowed series is drawn back from its windows, with gaps where no window reaches', async () => {
  const { parseSeriesCsv } = await import('../../../../main/data/series/series-csv.ts');
  const { seriesLines } = await import('../../../../main/data/series/reconstruct.ts');
  const rows = ['t,v', ...Array.from({ length: 40 }, (_, i) => `${i},${i * 10}`)].join('\n');
  const data = parseSeriesCsv(rows, { time: 't', target: 'v', lookback: 3, horizon: 2, validation: 0.25, test: 0.25 });
  const [line] = seriesLines(data.info!.series!, data.x, data.y, 5);
  assert.equal(line.values.length, 40);
  for (let i = 0; i < 40; i++) assert.ok(line.values[i] === null || line.values[i] === i * 10, `step ${i}`);
  assert.equal(line.values.filter((v) => v !== null).length, 40, 'stride 1 with whole parts: every step is held by a window');
  assert.equal(line.firstTestWindow, 30);
});

test('window places: stored rows series by series, each at the step its window starts', () => {
  const info = {
    lookback: 3, horizon: 2, stride: 1,
    series: [{ length: 20, ...splitPoints(20, 0.25, 0.25) }, { length: 24, ...splitPoints(24, 0.25, 0.25) }],
  };
  const places = windowPlaces(info);
  const first = seriesWindows(20, info.series[0], 3, 2, 1);
  const second = seriesWindows(24, info.series[1], 3, 2, 1);
  assert.equal(places.length, first.length + second.length);
  assert.deepEqual(places.slice(0, first.length), first.map((w) => ({ series: 0, start: w.start })));
  assert.deepEqual(places.slice(first.length), second.map((w) => ({ series: 1, start: w.start })));
});
