/**
 * Timeline of workers: a Gantt-like bar per trial from start to finish, one
 * lane per worker, coloured by how the trial ended. Shows idle workers and
 * where the pruner cut trials short. A study that several processes ran (shared
 * studies: `modelbench worker` on many machines, or a study resumed by a new
 * process) gets its lanes grouped by machine (studies.history's `machine`,
 * 'host/pid'): each process's worker slots are its own lanes.
 */
import { t, tValue } from '../i18n/index.ts';
import { formatDuration } from '../lib/format.ts';
import type { EChartsOption } from 'echarts';
import type { TrialPoint, TrialState } from '../lib/study-types.ts';
import { axisStyle, baseOption, MUTED, PALETTE } from './theme.ts';
import { escapeHtml } from './html.ts';

export const TIMELINE_COLORS: Record<TrialState, string> = { complete: PALETTE[0], running: PALETTE[2], pruned: PALETTE[3], failed: PALETTE[1], waiting: MUTED };

export type TimelineBar = { lane: number; start: number; end: number; state: TrialState; number: number };
/** A lane: a worker slot (1-based `n`) of a machine (null: the study ran in one process, or the machine is not known yet). */
export type TimelineLane = { machine: string | null; n: number };

/**
 * Lanes within one group of trials: the worker the engine reported, or else the
 * first lane free at the trial's start (interval partitioning), which matches a
 * pool of workers that each take the next trial when they finish.
 */
function packLanes(trials: readonly TrialPoint[], now: number): { local: number[]; count: number } {
  const laneEnds: number[] = [];
  const local = trials.map((t) => {
    const start = t.startedAt!;
    const end = typeof t.finishedAt === 'number' ? t.finishedAt : now;
    let lane: number;
    if (typeof t.worker === 'number' && t.worker >= 0) lane = t.worker;
    else {
      lane = laneEnds.findIndex((e) => e <= start);
      if (lane < 0) lane = laneEnds.length;
    }
    laneEnds[lane] = Math.max(laneEnds[lane] ?? 0, end);
    return lane;
  });
  return { local, count: laneEnds.length };
}

/**
 * Every started trial's bar and the lanes they sit in. One machine (or none known): a lane per worker slot. Several:
 * each machine's slots together, machines in the order they started their first trial; trials whose machine is not
 * known yet (just announced by another process) get lanes of their own after them.
 */
export function timelineLanes(trials: readonly TrialPoint[], now: number): { bars: TimelineBar[]; lanes: TimelineLane[] } {
  const started = trials.filter((t) => typeof t.startedAt === 'number').sort((a, b) => a.startedAt! - b.startedAt! || a.number - b.number);
  const machines = [...new Set(started.flatMap((t) => (t.machine ? [t.machine] : [])))];
  const grouped = machines.length > 1;
  const groups = grouped ? [...machines, null] : [machines[0] ?? null];
  const bars = new Array<TimelineBar>(started.length);
  const lanes: TimelineLane[] = [];
  for (const machine of groups) {
    const members = started.map((t, i) => ({ t, i })).filter(({ t }) => !grouped || (t.machine ?? null) === machine);
    if (members.length === 0) continue;
    const { local, count } = packLanes(members.map((m) => m.t), now);
    const offset = lanes.length;
    for (let n = 1; n <= count; n++) lanes.push({ machine, n });
    members.forEach(({ t, i }, k) => {
      const end = typeof t.finishedAt === 'number' ? t.finishedAt : now;
      bars[i] = { lane: offset + local[k], start: t.startedAt!, end: Math.max(end, t.startedAt!), state: t.state, number: t.number };
    });
  }
  return { bars, lanes };
}

/** The bars alone (timelineLanes). */
export const timelineBars = (trials: readonly TrialPoint[], now: number): TimelineBar[] => timelineLanes(trials, now).bars;

/** Whether lanes are grouped by machine (several machines ran the study). */
const machinesShown = (lanes: readonly TimelineLane[]): boolean => new Set(lanes.map((l) => l.machine)).size > 1;

/** A lane's name on the axis: 'worker 2', or 'host/4711 · worker 2' when the study ran on several machines. */
export const laneLabel = (lane: TimelineLane): string =>
  lane.machine ? t('charts.machineWorker', { machine: lane.machine, n: lane.n }) : t('charts.worker', { n: lane.n });

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
  const { bars: all, lanes: laneList } = timelineLanes(trials, now);
  const bars = recentBars(all, opts.maxBars ?? TIMELINE_MAX_BARS);
  const lanes = Math.max(1, laneList.length);
  // A machine's name labels its lanes only when the study ran on several.
  const labels = laneList.length ? laneList.map((l) => laneLabel(machinesShown(laneList) ? l : { ...l, machine: null })) : [t('charts.worker', { n: 1 })];
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
    // Machine names are longer than 'worker 2': the grid makes room for them.
    grid: machinesShown(laneList) ? { left: 8, right: 16, top: 32, bottom: 36, containLabel: true } : { left: 72, right: 16, top: 32, bottom: 36 },
    xAxis: { type: 'value', min: bars.length < all.length ? Math.floor((from - t0) / 1000) : 0, name: t('charts.secondsSinceFirst'), nameLocation: 'middle', nameGap: 24, ...axisStyle },
    yAxis: { type: 'category', data: labels, inverse: true, ...axisStyle },
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
