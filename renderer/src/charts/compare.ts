/**
 * One metric of several runs overlaid, e.g. validation accuracy of run A vs run B.
 * Readable when runs differ a lot in length (x in epochs, or in % of each run's
 * own length) and when lines coincide: every run has its own colour, dash and
 * symbol, hovering a line dims the others, and the legend toggles runs.
 */
import type { EChartsOption } from 'echarts';
import type { MetricPoint } from '../../../main/api/schemas.ts';
import { t } from '../i18n/index.ts';
import { formatNumber } from '../lib/format.ts';
import { splitMetricName } from '../lib/metric-names.ts';
import { downsample, type XY } from './downsample.ts';
import { axisStyle, baseOption, PALETTE } from './theme.ts';

export type CompareRun = { name: string; points: readonly MetricPoint[] };
/** 'epoch': x = epoch; 'progress': x = % of the run's own epochs, so a 5-epoch and a 200-epoch run span the same width. */
export type XMode = 'epoch' | 'progress';
export type CompareChartOptions = { split?: MetricPoint['split']; xMode?: XMode; logY?: boolean; maxPoints?: number };

/** Dash patterns and symbols cycle independently of the palette, so runs 1 and 11 still differ. */
export const LINE_DASHES: readonly (string | number[])[] = ['solid', 'dashed', 'dotted', [10, 4, 2, 4], [2, 6], [14, 6]];
export const SYMBOLS = ['circle', 'rect', 'triangle', 'diamond', 'roundRect', 'pin', 'emptyCircle', 'emptyRect', 'emptyTriangle', 'emptyDiamond', 'arrow'] as const;

export function runStyle(i: number): { color: string; dash: string | number[]; symbol: string } {
  return { color: PALETTE[i % PALETTE.length], dash: LINE_DASHES[i % LINE_DASHES.length], symbol: SYMBOLS[i % SYMBOLS.length] };
}

/** Last epoch each run recorded (any metric): its length. */
export function runLengths(runs: readonly CompareRun[]): number[] {
  return runs.map((r) => r.points.reduce((m, p) => Math.max(m, p.epoch), 0));
}

/** Lengths this far apart squeeze the short runs into the left edge of an epoch axis. */
export const PROGRESS_RATIO = 4;

/** Progress when the longest run is at least PROGRESS_RATIO times the shortest, else epochs. */
export function defaultXMode(runs: readonly CompareRun[]): XMode {
  const lengths = runLengths(runs).filter((n) => n > 0);
  if (lengths.length < 2) return 'epoch';
  return Math.max(...lengths) / Math.min(...lengths) >= PROGRESS_RATIO ? 'progress' : 'epoch';
}

export function compareSeriesData(run: CompareRun, metric: string, split: MetricPoint['split'], xMode: XMode, length: number): XY[] {
  const scale = xMode === 'progress' && length > 0 ? 100 / length : 1;
  return run.points
    .filter((p) => p.name === metric && p.split === split && Number.isFinite(p.value))
    .map((p): XY => [p.epoch * scale, p.value])
    .sort((a, b) => a[0] - b[0]);
}

export function buildCompareOption(runs: readonly CompareRun[], metric: string, opts: CompareChartOptions = {}): EChartsOption {
  const split = opts.split ?? 'val';
  const xMode = opts.xMode ?? 'epoch';
  const lengths = runLengths(runs);
  const data = runs.map((run, i) => compareSeriesData(run, metric, split, xMode, lengths[i]));
  // Log scale needs strictly positive values; fall back to linear otherwise.
  const log = opts.logY === true && data.every((d) => d.every(([, y]) => y > 0));
  const progress = xMode === 'progress';
  return {
    ...baseOption,
    title: { text: splitMetricName(split, metric), left: 0, textStyle: { fontSize: 13, fontWeight: 600 } },
    tooltip: {
      trigger: 'axis',
      confine: true,
      valueFormatter: (v) => (typeof v === 'number' ? formatNumber(v) : String(v)),
    },
    // Long or many run names: one scrolling row under the plot, names cut (full name on hover).
    legend: {
      type: 'scroll', bottom: 0, left: 0, right: 0, itemWidth: 28, itemHeight: 10,
      textStyle: { width: 110, overflow: 'truncate', ellipsis: '…' }, tooltip: { show: true },
    },
    grid: { left: 52, right: 16, top: 36, bottom: 70 },
    xAxis: progress
      ? { type: 'value', name: t('charts.progress'), nameLocation: 'middle', nameGap: 24, min: 0, max: 100, ...axisStyle }
      : { type: 'value', name: t('charts.epoch'), nameLocation: 'middle', nameGap: 24, minInterval: 1, min: 1, ...axisStyle },
    yAxis: { type: log ? 'log' : 'value', scale: true, ...axisStyle },
    series: runs.map((run, i) => {
      const style = runStyle(i);
      const points = downsample(data[i], opts.maxPoints ?? 1000);
      return {
        name: run.name,
        type: 'line' as const,
        data: points,
        color: style.color,
        symbol: style.symbol,
        symbolSize: 6,
        // Symbols mark each run even where lines overlap; very long runs rely on the dash.
        showSymbol: points.length <= 60,
        lineStyle: { width: 2, type: style.dash as 'solid' },
        emphasis: { focus: 'series' as const, lineStyle: { width: 4 } },
        blur: { lineStyle: { opacity: 0.15 }, itemStyle: { opacity: 0.15 } },
      };
    }),
  } as EChartsOption;
}

/** Run names can repeat; suffix duplicates so legends stay unambiguous. */
export function uniqueNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n) => {
    const k = (seen.get(n) ?? 0) + 1;
    seen.set(n, k);
    return k === 1 ? n : `${n} (${k})`;
  });
}
