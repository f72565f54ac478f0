/**
 * Timeline of workers: a Gantt-like bar per trial from start to finish, one
 * lane per worker, coloured by how the trial ended. Shows idle workers and
 * where the pruner cut trials short.
 */
import { t, tValue } from '../i18n/index.ts';
import { formatDuration } from '../lib/format.ts';
import type { EChartsOption } from 'echarts';
import type { TrialPoint, TrialState } from '../lib/study-types.ts';
import { axisStyle, baseOption, MUTED, PALETTE } from './theme.ts';
import { escapeHtml } from './html.ts';

export const TIMELINE_COLORS: Record<TrialState, string> = { complete: PALETTE[0], running: PALETTE[2], pruned: PALETTE[3], failed: PALETTE[1], waiting: MUTED };

export type TimelineBar = { lane: number; start: number; end: number; state: TrialState; number: number };

/**
 * Bars with a lane each: the worker the engine reported, or else the first lane
 * free at the trial's start (interval partitioning), which matches a pool of
 * workers that each take the next trial when they finish.
 */
export function timelineBars(trials: readonly TrialPoint[], now: number): TimelineBar[] {
  const started = trials.filter((t) => typeof t.startedAt === 'number').sort((a, b) => a.startedAt! - b.startedAt! || a.number - b.number);
  const laneEnds: number[] = [];
  return started.map((t) => {
    const start = t.startedAt!;
    const end = typeof t.finishedAt === 'number' ? t.finishedAt : now;
    let lane: number;
    if (typeof t.worker === 'number' && t.worker >= 0) lane = t.worker;
    else {
      lane = laneEnds.findIndex((e) => e <= start);
      if (lane < 0) lane = laneEnds.length;
    }
    laneEnds[lane] = Math.max(laneEnds[lane] ?? 0, end);
    return { lane, start, end: Math.max(end, start), state: t.state, number: t.number };
  });
}

/** Bars drawn at most: each is a custom-series shape, the costliest thing on the screen at 10,000 trials. */
export const TIMELINE_MAX_BARS = 600;

/**
 * The `max` most recent bars (by start, then number), in start order; a trial
 * still running is always kept, however early it started. Lanes were assigned
 * over every bar first, so a worker keeps its lane whatever is cut.
 */
export function recentBars(bars: readonly TimelineBar[], max: number): TimelineBar[] {
  const order = (a: TimelineBar, b: TimelineBar) => a.start - b.start || a.number - b.number;
  if (bars.length <= max) return [...bars].sort(order);
  const running = bars.filter((b) => b.state === 'running');
  const others = bars.filter((b) => b.state !== 'running').sort(order);
  const room = Math.max(0, max - running.length);
  return [...running, ...(room > 0 ? others.slice(-room) : [])].sort(order);
}

export function buildTimelineOption(trials: readonly TrialPoint[], now: number, opts: { maxBars?: number } = {}): EChartsOption {
  const all = timelineBars(trials, now);
  const bars = recentBars(all, opts.maxBars ?? TIMELINE_MAX_BARS);
  const lanes = all.reduce((m, b) => Math.max(m, b.lane + 1), 1);
  // Seconds count from the study's first trial, even when the earliest bars are cut; the axis starts at the first bar shown.
  const t0 = all.reduce((m, b) => Math.min(m, b.start), all.length ? Infinity : now);
  const from = bars.reduce((m, b) => Math.min(m, b.start), bars.length ? Infinity : t0);
  const states = (Object.keys(TIMELINE_COLORS) as TrialState[]).filter((s) => bars.some((b) => b.state === s));
  return {
    ...baseOption,
    tooltip: {
      trigger: 'item',
      formatter: (p: any) => `${escapeHtml(t('charts.trialN', { n: p.value[4] }))} (${escapeHtml(String(p.seriesName))})<br/>${escapeHtml(formatDuration((p.value[2] - p.value[1]) * 1000))}`,
    },
    legend: { top: 0, right: 0 },
    grid: { left: 72, right: 16, top: 32, bottom: 36 },
    xAxis: { type: 'value', min: bars.length < all.length ? Math.floor((from - t0) / 1000) : 0, name: t('charts.secondsSinceFirst'), nameLocation: 'middle', nameGap: 24, ...axisStyle },
    yAxis: { type: 'category', data: Array.from({ length: lanes }, (_, i) => t('charts.worker', { n: i + 1 })), inverse: true, ...axisStyle },
    // One custom series per state so the legend doubles as a colour key.
    series: states.map((state) => ({
      name: tValue('values.trialState', state),
      type: 'custom' as const,
      itemStyle: { color: TIMELINE_COLORS[state] },
      renderItem: (_params: any, api: any) => {
        const a = api.coord([api.value(1), api.value(0)]);
        const b = api.coord([api.value(2), api.value(0)]);
        const h = api.size([0, 1])[1] * 0.6;
        return {
          type: 'rect',
          shape: { x: a[0], y: a[1] - h / 2, width: Math.max(2, b[0] - a[0]), height: h, r: 2 },
          style: { fill: TIMELINE_COLORS[state], stroke: '#fff', lineWidth: 1 },
        };
      },
      encode: { x: [1, 2], y: 0 },
      data: bars.filter((b) => b.state === state).map((b) => [b.lane, (b.start - t0) / 1000, (b.end - t0) / 1000, b.state, b.number]),
    })),
    aria: { enabled: true, label: { description: bars.length < all.length ? t('charts.timelineLatestAria', { shown: bars.length, total: all.length, lanes }) : t('charts.timelineAria', { count: bars.length, lanes }) } },
  };
}
