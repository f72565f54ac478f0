import { test } from 'node:test';
import assert from 'node:assert/strict';
import { finishedCount, sampleCaption, sampleTrials } from '../../../renderer/src/charts/study-axes.ts';
import { buildContourOption, CONTOUR_MAX_POINTS } from '../../../renderer/src/charts/study-contour.ts';
import { buildStudyHistoryOption, LARGE_AT } from '../../../renderer/src/charts/study-history.ts';
import { buildParallelOption, PARALLEL_MAX_LINES } from '../../../renderer/src/charts/study-parallel.ts';
import { buildSliceOption, SLICE_MAX_POINTS } from '../../../renderer/src/charts/study-slice.ts';
import { buildTimelineOption, recentBars, TIMELINE_MAX_BARS, type TimelineBar } from '../../../renderer/src/charts/study-timeline.ts';
import type { ParamAxis, TrialPoint } from '../../../renderer/src/lib/study-types.ts';

// 10,000 trials like the scale seed: values scattered by a permutation, a few pruned/failed, 4 workers.
const N = 10_000;
const many: TrialPoint[] = Array.from({ length: N }, (_, i) => ({
  number: i,
  state: i % 10 === 3 ? 'pruned' : i % 97 === 5 ? 'failed' : 'complete',
  params: { lr: 10 ** (-4 + ((i * 37) % 100) / 33.4), units: 8 + ((i * 13) % 57) },
  values: i % 10 === 3 || i % 97 === 5 ? undefined : [((i * 7919) % N) / N],
  startedAt: i * 1000,
  finishedAt: i * 1000 + 4000,
  worker: i % 4,
}));
const axes: ParamAxis[] = [
  { name: 'lr', kind: 'float', low: 1e-4, high: 1, log: true },
  { name: 'units', kind: 'int', low: 8, high: 64, log: false },
];
const objective = { name: 'val_loss', direction: 'minimize' as const };
const done = many.filter((t) => t.state === 'complete');
const bestOf = (ts: readonly TrialPoint[]) => ts.reduce((b, t) => (t.values![0] < b.values![0] ? t : b));

test('sampleTrials keeps the best K, spreads the rest, keeps input order and the very best', () => {
  const kept = sampleTrials(done, 2000, true, 0, 1000);
  assert.equal(kept.length, 2000);
  const sortedValues = done.map((t) => t.values![0]).sort((a, b) => a - b);
  const cut = sortedValues[999];
  assert.equal(kept.filter((t) => t.values![0] <= cut).length >= 1000, true, 'the best 1,000 are all in');
  assert.ok(kept.includes(bestOf(done)));
  assert.ok(kept.every((t, i) => i === 0 || t.number > kept[i - 1].number), 'input order');
  // The spread reaches across the whole run, not just its start.
  assert.ok(kept.some((t) => t.number > N * 0.9) && kept.some((t) => t.number < N * 0.1));
  // Maximising: the largest value is kept.
  const top = done.reduce((b, t) => (t.values![0] > b.values![0] ? t : b));
  assert.ok(sampleTrials(done, 10, false, 0, 1).includes(top));
  assert.equal(sampleTrials(done, 1, true, 0, 0)[0], bestOf(done), 'even with K = 0 the best trial stays');
  assert.deepEqual(sampleTrials(done.slice(0, 5), 10, true), done.slice(0, 5));
});

test('captions say when a chart shows a sample', () => {
  assert.equal(sampleCaption(2000, 10_000), 'showing 2,000 of 10,000 trials');
  assert.equal(sampleCaption(600, 10_000, 'trials', true), 'showing the latest 600 of 10,000 trials');
  assert.equal(sampleCaption(8, 8), '');
  assert.equal(finishedCount(many), done.length);
});

test('parallel coordinates and slices draw a bounded sample of 10,000 trials, progressively', () => {
  const par: any = buildParallelOption({ axes, trials: many, objective });
  assert.equal(par.series[0].data.length, PARALLEL_MAX_LINES);
  assert.ok(par.series[0].data.some((row: number[]) => row[2] === bestOf(done).values![0]), 'the best line is drawn');
  assert.ok(par.series[0].progressiveThreshold < PARALLEL_MAX_LINES, 'drawn over several frames');
  const sl: any = buildSliceOption({ axes, trials: many, objective });
  for (const s of sl.series) {
    assert.equal(s.data.length, SLICE_MAX_POINTS);
    assert.ok(s.progressiveThreshold < SLICE_MAX_POINTS);
    assert.ok(s.data.some((row: number[]) => row[2] === bestOf(done).number));
  }
  const co: any = buildContourOption({ x: axes[0] as any, y: axes[1] as any, trials: many, objective });
  assert.equal(co.series[1].data.length, CONTOUR_MAX_POINTS);
});

test('history keeps every point at 10,000 trials, in large mode', () => {
  const points = done.map((t) => ({ number: t.number, value: t.values![0] }));
  const o: any = buildStudyHistoryOption({ points, direction: 'minimize', name: 'val_loss' });
  assert.equal(o.series[0].data.length, points.length);
  assert.equal(o.series[0].large, true);
  assert.equal(o.series[0].largeThreshold, LARGE_AT);
  const small: any = buildStudyHistoryOption({ points: points.slice(0, 10), direction: 'minimize', name: 'val_loss' });
  assert.equal(small.series[0].large, false);
});

test('the timeline draws the latest bars, keeps running trials, and counts seconds from the first trial', () => {
  const bar = (number: number, start: number, state: TimelineBar['state'] = 'complete'): TimelineBar => ({ lane: 0, start, end: start + 1, state, number });
  const bars = [bar(0, 0, 'running'), bar(1, 10), bar(2, 20), bar(3, 30), bar(4, 30)];
  assert.deepEqual(recentBars(bars, 3).map((b) => b.number), [0, 3, 4], 'a long-running trial stays');
  assert.deepEqual(recentBars(bars, 10).map((b) => b.number), [0, 1, 2, 3, 4]);
  assert.deepEqual(recentBars(bars.map((b) => ({ ...b, state: 'complete' as const })), 2).map((b) => b.number), [3, 4]);

  const o: any = buildTimelineOption(many, N * 1000 + 5000);
  const drawn = o.series.reduce((n: number, s: any) => n + s.data.length, 0);
  assert.equal(drawn, TIMELINE_MAX_BARS);
  assert.deepEqual(o.yAxis.data, ['worker 1', 'worker 2', 'worker 3', 'worker 4']);
  const firstShown = N - TIMELINE_MAX_BARS;
  assert.equal(o.xAxis.min, firstShown, 'the axis starts at the first bar shown, in seconds since trial 0');
  assert.ok(o.series.every((s: any) => s.data.every((d: any[]) => d[1] >= firstShown)));
  assert.match(o.aria.label.description, /latest 600 of 10000/);
});
