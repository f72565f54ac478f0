/**
 * Sparsity → accuracy curve: how much of the validation metric survives as more
 * weights are removed. One line per curve (e.g. per base run or per pruning
 * method); the point the user is looking at can be emphasised.
 */
import { t } from '../i18n/index.ts';
import type { EChartsOption } from 'echarts';
import { metricRange } from './compression-axis.ts';
import { axisStyle, baseOption, PALETTE } from './theme.ts';
import { formatNumber, formatPercent } from '../lib/format.ts';
import { metricName } from '../lib/metric-names.ts';
import { escapeHtml } from './html.ts';

export type SparsityPoint = {
  /** Fraction of zero (or removed) weights in [0, 1]. */
  sparsity: number;
  value: number;
  label: string;
  /** Drawn larger: the experiment on screen. */
  current?: boolean;
};
export type SparsityCurve = { name: string; points: readonly SparsityPoint[] };
export type SparsityAccuracyInput = { curves: readonly SparsityCurve[]; metric: string };

const usable = (p: SparsityPoint) => Number.isFinite(p.sparsity) && Number.isFinite(p.value);

export function buildSparsityAccuracyOption(input: SparsityAccuracyInput): EChartsOption {
  const curves = input.curves.map((c) => ({ name: c.name, points: c.points.filter(usable).sort((a, b) => a.sparsity - b.sparsity) }));
  const total = curves.reduce((n, c) => n + c.points.length, 0);
  const pct = (v: number) => formatPercent(v);
  return {
    ...baseOption,
    tooltip: {
      trigger: 'item',
      formatter: (p: any) => `${escapeHtml(String(p.name))}<br/>${escapeHtml(t('charts.sparsityValue', { value: pct(p.data.value[0]) }))}<br/>${escapeHtml(metricName(input.metric))} ${formatNumber(Number(p.data.value[1]))}`,
    },
    legend: curves.length > 1 ? { top: 0, right: 0 } : undefined,
    grid: { left: 56, right: 20, top: curves.length > 1 ? 36 : 16, bottom: 44 },
    // Sparsity is always a fraction: a fixed 0–100% axis keeps curves of different experiments comparable.
    xAxis: { type: 'value', name: t('charts.sparsity'), nameLocation: 'middle', nameGap: 28, min: 0, max: 1, axisLabel: { formatter: (v: number) => pct(v), color: axisStyle.axisLabel.color }, axisLine: axisStyle.axisLine, splitLine: axisStyle.splitLine },
    yAxis: { type: 'value', name: metricName(input.metric), ...metricRange(curves.flatMap((c) => c.points.map((p) => p.value))), ...axisStyle },
    series: curves.map((c, i) => ({
      name: c.name,
      type: 'line',
      color: PALETTE[i % PALETTE.length],
      lineStyle: { width: 2 },
      data: c.points.map((p) => ({ value: [p.sparsity, p.value], name: p.label, symbolSize: p.current ? 12 : 7, itemStyle: p.current ? { borderColor: '#0f172a', borderWidth: 2 } : undefined })),
    })),
    aria: { enabled: true, label: { description: t('charts.sparsityAria', { metric: metricName(input.metric), points: total, count: curves.length }) } },
  } as EChartsOption;
}
