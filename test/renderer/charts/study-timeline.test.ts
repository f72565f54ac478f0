import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTimelineOption, timelineBars, timelineLanes } from '../../../renderer/src/charts/study-timeline.ts';
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

const on = (machine: string | null, number: number, startedAt: number, finishedAt: number | null, worker: number | null): TrialPoint => ({
  number, state: finishedAt === null ? 'running' : 'complete', params: {}, startedAt, finishedAt, worker, machine,
});

test('a study several machines ran: each machine\'s worker slots are lanes of their own, grouped, named by machine', () => {
  // Two worker processes, each with one slot 0 (what `modelbench worker` reports): before, both drew in lane 0 on top of each other.
  const trials = [on('a/11', 0, 0, 10, 0), on('b/22', 1, 1, 8, 0), on('a/11', 2, 10, 20, 0), on('b/22', 3, 8, null, 0), on('b/22', 4, 9, 12, 1)];
  const { bars, lanes } = timelineLanes(trials, 30);
  assert.deepEqual(lanes, [{ machine: 'a/11', n: 1 }, { machine: 'b/22', n: 1 }, { machine: 'b/22', n: 2 }]);
  assert.deepEqual(bars.map((b) => [b.number, b.lane]), [[0, 0], [1, 1], [3, 1], [4, 2], [2, 0]]);
  const o: any = buildTimelineOption(trials, 30);
  assert.deepEqual(o.yAxis.data, ['a/11 · worker 1', 'b/22 · worker 1', 'b/22 · worker 2']);
  assert.equal(o.grid.containLabel, true);
});

test('trials whose machine is not known yet get lanes after the machines; one machine keeps the plain worker lanes', () => {
  const { bars, lanes } = timelineLanes([on('a/11', 0, 0, 10, 0), on('b/22', 1, 0, 10, 0), on(null, 2, 5, null, null), on(null, 3, 6, null, null)], 20);
  assert.deepEqual(lanes.map((l) => [l.machine, l.n]), [['a/11', 1], ['b/22', 1], [null, 1], [null, 2]]);
  assert.deepEqual(bars.map((b) => b.lane), [0, 1, 2, 3]);
  const single: any = buildTimelineOption([on('a/11', 0, 0, 10, 0), on('a/11', 1, 0, 10, 1), on(null, 2, 10, null, 0)], 20);
  assert.deepEqual(single.yAxis.data, ['worker 1', 'worker 2'], 'one machine: no machine names, slots as before');
});
