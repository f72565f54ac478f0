/** Two (or more) studies side by side: best-so-far curves overlaid, importance as grouped bars. */
import { metricName } from '../lib/metric-names.ts';
import { t } from '../i18n/index.ts';
import type { EChartsOption } from 'echarts';
import type { Direction } from '../lib/study-types.ts';
import { bestSoFar, type HistoryPoint } from './study-history.ts';
import type { ImportanceItem } from './study-importance.ts';
import { axisStyle, baseOption, PALETTE } from './theme.ts';
import { formatNumber } from '../lib/format.ts';
import { escapeHtml } from './html.ts';

export type CompareStudy = { name: string; direction: Direction; points: readonly HistoryPoint[]; importance?: readonly ImportanceItem[] };

export function buildStudyCompareHistoryOption(studies: readonly CompareStudy[], metric: string): EChartsOption {
  return {
    ...baseOption,
    tooltip: { trigger: 'item', formatter: (p: any) => `${escapeHtml(String(p.seriesName))}<br/>${escapeHtml(t('charts.trialN', { n: p.value[0] }))}: ${formatNumber(Number(p.value[1]))}` },
    legend: { top: 0, right: 0 },
    grid: { left: 56, right: 16, top: 36, bottom: 36 },
    xAxis: { type: 'value', name: t('charts.trial'), nameLocation: 'middle', nameGap: 24, min: 0, minInterval: 1, ...axisStyle },
    yAxis: { type: 'value', name: metricName(metric), scale: true, ...axisStyle },
    series: studies.flatMap((s, i) => [
      { name: s.name, type: 'line' as const, step: 'end' as const, showSymbol: false, lineStyle: { width: 2, color: PALETTE[i % PALETTE.length] }, itemStyle: { color: PALETTE[i % PALETTE.length] }, data: bestSoFar(s.points, s.direction) },
      // The raw trials stay faint behind each curve: how noisy the study was matters too.
      { name: s.name, type: 'scatter' as const, symbolSize: 6, itemStyle: { color: PALETTE[i % PALETTE.length], opacity: 0.5 }, data: s.points.map((p) => [p.number, p.value]), large: s.points.length > 2000 },
    ]),
  };
}

export function buildStudyCompareImportanceOption(studies: readonly CompareStudy[]): EChartsOption {
  const params = [...new Set(studies.flatMap((s) => (s.importance ?? []).map((i) => i.param)))].sort();
  return {
    ...baseOption,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => (typeof v === 'number' ? formatNumber(v, 3) : '—') },
    legend: { top: 0, right: 0 },
    grid: { left: 8, right: 16, top: 32, bottom: 24, containLabel: true },
    xAxis: { type: 'value', min: 0, ...axisStyle },
    yAxis: { type: 'category', data: params, inverse: true, ...axisStyle },
    series: studies.map((s, i) => ({
      name: s.name,
      type: 'bar' as const,
      barMaxWidth: 16,
      itemStyle: { color: PALETTE[i % PALETTE.length] },
      // A param one study did not search has no bar there, not a zero bar.
      data: params.map((p) => s.importance?.find((x) => x.param === p)?.importance ?? null),
    })),
  };
}
