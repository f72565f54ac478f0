/** Training curves (loss or any metric per epoch) for one run. */
import { t } from '../i18n/index.ts';
import type { EChartsOption } from 'echarts';
import { axisStyle, baseOption } from './theme.ts';
import { downsample } from './downsample.ts';
import type { CurveSeries } from './series.ts';
import { formatNumber } from '../lib/format.ts';

export type CurveOptions = {
  title?: string;
  /** Axis name; omitted when a title already says what is plotted. */
  yName?: string;
  maxPoints?: number;
  logScale?: boolean;
  /** Planned epochs: a live chart keeps its x-axis fixed instead of rescaling every epoch. */
  xMax?: number;
  /** Vertical lines at epochs, labelled (where the advisor sees over- or underfitting begin). */
  marks?: readonly { epoch: number; label: string }[];
};

/** `split` (when known) makes validation lines dashed; without it a name starting with 'val' does. */
export function buildLossCurveOption(series: readonly (Pick<CurveSeries, 'name' | 'data'> & { split?: CurveSeries['split'] })[], opts: CurveOptions = {}): EChartsOption {
  const maxPoints = opts.maxPoints ?? 1000;
  // Log scale needs strictly positive values; fall back to linear otherwise.
  const log = opts.logScale === true && series.every((s) => s.data.every(([, y]) => y > 0));
  return {
    ...baseOption,
    title: opts.title ? { text: opts.title, left: 0, textStyle: { fontSize: 13, fontWeight: 600 } } : undefined,
    tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? formatNumber(v) : String(v)) },
    legend: { top: 0, right: 0 },
    grid: { left: 48, right: 16, top: 44, bottom: 36 },
    xAxis: { type: 'value', name: t('charts.epoch'), nameLocation: 'middle', nameGap: 24, minInterval: 1, min: 1, max: opts.xMax && opts.xMax > 1 ? opts.xMax : undefined, ...axisStyle },
    yAxis: { type: log ? 'log' : 'value', name: opts.title ? undefined : opts.yName, scale: true, ...axisStyle },
    series: series.map((s, i) => ({
      name: s.name,
      type: 'line',
      showSymbol: s.data.length < 40,
      symbolSize: 5,
      // Dashed validation lines make train/val pairs readable at a glance.
      lineStyle: { width: 2, type: (s.split ?? (s.name.startsWith('val') ? 'val' : 'train')) === 'val' ? 'dashed' : 'solid' },
      data: downsample(s.data, maxPoints),
      ...(i === 0 && opts.marks?.length
        ? { markLine: { silent: true, symbol: 'none', lineStyle: { color: '#d97706', type: 'solid', width: 1.5 }, label: { formatter: '{b}', color: '#b45309' }, data: opts.marks.map((m) => ({ name: m.label, xAxis: m.epoch })) } }
        : {}),
    })),
  };
}
