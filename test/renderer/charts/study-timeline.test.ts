import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTimelineOption, timelineBars } from '../../../renderer/src/charts/study-timeline.ts';
import type { TrialPoint } from '../../../renderer/src/lib/study-types.ts';

const t = (number: number, startedAt: number | null, finishedAt: number | null, state: TrialPoint['state'] = 'complete', worker?: number): TrialPoint => ({
  number, state, params: {}, startedAt, finishedAt, worker,
});

test('trials without a worker are packed into the first free lane', () => {
  const bars = timelineBars([t(0, 0, 10), t(1, 0, 4), t(2, 5, 8), t(3, 9, null, 'running'), t(4, null, null, 'waiting')], 20);
  assert.deepEqual(bars.map((b) => [b.number, b.lane]), [[0, 0], [1, 1], [2, 1], [3, 1]]);
  assert.equal(bars.at(-1)!.end, 20, 'running trials extend to now');
});

test('a reported worker is used as the lane', () => {
  const bars = timelineBars([t(0, 0, 10, 'complete', 1), t(1, 0, 5, 'pruned', 0)], 10);
  assert.deepEqual(bars.map((b) => b.lane), [1, 0]);
});

test('timeline option: a lane per worker, a series per state, times from the first start', () => {
  const o: any = buildTimelineOption([t(0, 1000, 3000), t(1, 1000, 2000, 'pruned'), t(2, 2000, null, 'running')], 5000);
  assert.deepEqual(o.yAxis.data, ['worker 1', 'worker 2']);
  assert.deepEqual(o.series.map((s: any) => s.name), ['complete', 'running', 'pruned']);
  assert.deepEqual(o.series[0].data[0], [0, 0, 2, 'complete', 0], 'seconds since the first start');
  assert.equal(o.series[1].data[0][2], 4);
  assert.deepEqual(buildTimelineOption([], 0).series, []);
});
