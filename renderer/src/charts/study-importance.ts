/** Hyperparameter importance as horizontal bars, most important at the top. */
import type { EChartsOption } from 'echarts';
import { axisStyle, baseOption, PALETTE } from './theme.ts';
import { formatNumber } from '../lib/format.ts';

export type ImportanceItem = { param: string; importance: number };

export function buildImportanceOption(items: readonly ImportanceItem[], title?: string): EChartsOption {
  // ECharts draws category axes bottom-up, so ascending order puts the largest on top.
  const sorted = items.filter((i) => Number.isFinite(i.importance)).sort((a, b) => a.importance - b.importance);
  return {
    ...baseOption,
    title: title ? { text: title, left: 0, textStyle: { fontSize: 13, fontWeight: 600 } } : undefined,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => (typeof v === 'number' ? formatNumber(v, 3) : String(v)) },
    grid: { left: 8, right: 48, top: title ? 32 : 8, bottom: 24, containLabel: true },
    xAxis: { type: 'value', min: 0, max: (v: { max: number }) => Math.min(1, Math.ceil(v.max * 10) / 10), splitNumber: 2, ...axisStyle },
    yAxis: { type: 'category', data: sorted.map((i) => i.param), ...axisStyle, axisLabel: { ...axisStyle.axisLabel, width: 150, overflow: 'truncate' } },
    series: [
      {
        type: 'bar',
        data: sorted.map((i) => i.importance),
        itemStyle: { color: PALETTE[0], borderRadius: [0, 3, 3, 0] },
        barMaxWidth: 22,
        label: { show: true, position: 'right', formatter: (p: any) => formatNumber(Number(p.value), 2) },
      },
    ],
  };
}
