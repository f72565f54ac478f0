/**
 * Optimisation history: every finished trial's objective value by trial number,
 * with the best-so-far line on top. Every trial is drawn: past LARGE_AT points
 * the scatter switches to ECharts' large mode (one path, no per-point shapes),
 * so 10,000 points cost about what 1,000 did. Only past HISTORY_MAX_POINTS is it
 * thinned evenly, and then every trial that improved the best is kept.
 */
import { metricName } from '../lib/metric-names.ts';
import { t } from '../i18n/index.ts';
import type { EChartsOption } from 'echarts';
import type { Direction } from '../lib/study-types.ts';
import { axisStyle, baseOption, MUTED, PALETTE } from './theme.ts';
import { formatNumber } from '../lib/format.ts';
import { escapeHtml } from './html.ts';

export type HistoryPoint = { number: number; value: number };
export type HistoryInput = { points: readonly HistoryPoint[]; direction: Direction; name: string; maxPoints?: number };

/** Points drawn at most (10,000 trials fit; thinning is only a guard). */
export const HISTORY_MAX_POINTS = 20_000;
/** From this many points on the scatter is drawn in large mode. */
export const LARGE_AT = 1000;

const better = (d: Direction, a: number, b: number) => (d === 'minimize' ? a < b : a > b);

/** Best-so-far as a step line: only the points where the best changes, plus the last trial. */
export function bestSoFar(points: readonly HistoryPoint[], direction: Direction): [number, number][] {
  const sorted = points.filter((p) => Number.isFinite(p.value)).sort((a, b) => a.number - b.number);
  const out: [number, number][] = [];
  let best: number | undefined;
  for (const p of sorted) {
    if (best === undefined || better(direction, p.value, best)) {
      best = p.value;
      out.push([p.number, best]);
    }
  }
  const last = sorted.at(-1);
  if (best !== undefined && last && out.at(-1)![0] !== last.number) out.push([last.number, best]);
  return out;
}

/** Even thinning that always keeps the improving trials. */
export function thinPoints(points: readonly HistoryPoint[], direction: Direction, maxPoints: number): HistoryPoint[] {
  const finite = points.filter((p) => Number.isFinite(p.value));
  if (finite.length <= maxPoints) return finite;
  const keep = new Set(bestSoFar(finite, direction).map(([n]) => n));
  const stride = finite.length / maxPoints;
  for (let i = 0; i < finite.length; i += stride) keep.add(finite[Math.floor(i)].number);
  return finite.filter((p) => keep.has(p.number));
}

export function buildStudyHistoryOption(input: HistoryInput): EChartsOption {
  const { direction } = input;
  const name = metricName(input.name);
  const shown = thinPoints(input.points, direction, input.maxPoints ?? HISTORY_MAX_POINTS);
  return {
    ...baseOption,
    tooltip: { trigger: 'item', formatter: (p: any) => `${escapeHtml(t('charts.trialN', { n: p.value[0] }))}<br/>${escapeHtml(String(p.seriesName))}: ${formatNumber(Number(p.value[1]))}` },
    legend: { top: 0, right: 0 },
    grid: { left: 56, right: 16, top: 36, bottom: 36 },
    xAxis: { type: 'value', name: t('charts.trial'), nameLocation: 'middle', nameGap: 24, minInterval: 1, min: 0, ...axisStyle },
    yAxis: { type: 'value', name, scale: true, ...axisStyle },
    series: [
      {
        name,
        type: 'scatter',
        symbolSize: shown.length > 500 ? 4 : 7,
        itemStyle: { color: PALETTE[0], opacity: 0.7 },
        data: shown.map((p) => [p.number, p.value]),
        // Large mode draws thousands of points as one path.
        large: shown.length >= LARGE_AT,
        largeThreshold: LARGE_AT,
      },
      {
        name: t('charts.bestSoFar'),
        type: 'line',
        step: 'end',
        showSymbol: false,
        lineStyle: { width: 2, color: PALETTE[1] },
        itemStyle: { color: PALETTE[1] },
        data: bestSoFar(input.points, direction),
        z: 3,
      },
    ],
    aria: { enabled: true, label: { description: t('charts.historyAria', { count: shown.length, name, direction: t(`values.direction.${direction}`) }) } },
    // Keeps the chart readable when nothing has finished yet.
    graphic: shown.length ? undefined : [{ type: 'text', left: 'center', top: 'middle', style: { text: t('charts.noFinished'), fill: MUTED } }],
  };
}
