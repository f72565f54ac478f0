/**
 * Member versus ensemble: each combined member's validation and test metric
 * as bars, the ensemble's as the last pair (highlighted), so the gain over the
 * best member and the spread of the members are seen at once.
 */
import { t } from '../i18n/index.ts';
import { metricName } from '../lib/metric-names.ts';
import type { EChartsOption } from 'echarts';
import { formatNumber } from '../lib/format.ts';
import { escapeHtml } from './html.ts';
import { axisStyle, baseOption, PALETTE } from './theme.ts';

export type MemberBar = { label: string; val: number | null; test: number | null; ensemble?: boolean };

export function buildMemberMetricsOption(bars: readonly MemberBar[], metric: string): EChartsOption {
  const labels = bars.map((b) => b.label);
  // The legend takes the series colour; the ensemble's bars are green in both series.
  const series = (['val', 'test'] as const).map((split, k) => ({
    name: t(split === 'val' ? 'ensemble.chart.validation' : 'ensemble.chart.test'),
    type: 'bar' as const,
    itemStyle: { color: PALETTE[k === 0 ? 0 : 5] },
    data: bars.map((b) => ({ value: b[split], ...(b.ensemble ? { itemStyle: { color: k === 0 ? '#059669' : '#047857' } } : {}) })),
  }));
  return {
    ...baseOption,
    tooltip: { trigger: 'axis', formatter: (items: any) => (items as any[]).map((p) => `${escapeHtml(String(p.axisValue))} · ${p.seriesName}: ${formatNumber(p.value)}`).join('<br/>') },
    legend: { top: 0, right: 0 },
    grid: { left: 56, right: 16, top: 36, bottom: 80 },
    xAxis: { type: 'category', data: labels, ...axisStyle, axisLabel: { ...axisStyle.axisLabel, interval: 0, rotate: labels.length > 4 ? 30 : 0, width: 110, overflow: 'truncate' } },
    // scale: the axis spans the values, not 0..1, so a one-point gain is visible.
    yAxis: { type: 'value', name: metricName(metric), scale: true, ...axisStyle },
    series,
    aria: { enabled: true, label: { description: t('ensemble.chart.membersAria', { metric: metricName(metric), count: bars.length - 1 }) } },
  };
}
