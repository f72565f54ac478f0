/** Samples per class as a bar chart, to spot imbalanced datasets before training. */
import type { EChartsOption } from 'echarts';
import { axisStyle, baseOption, PALETTE } from './theme.ts';

export function buildClassBalanceOption(classes: readonly string[], counts: readonly number[]): EChartsOption {
  const total = counts.reduce((a, b) => a + b, 0);
  return {
    ...baseOption,
    tooltip: {
      trigger: 'axis',
      formatter: (ps: any) => {
        const p = Array.isArray(ps) ? ps[0] : ps;
        const share = total ? ((p.value / total) * 100).toFixed(1) : '0';
        return `${p.name}: ${p.value} (${share}%)`;
      },
    },
    grid: { left: 48, right: 16, top: 16, bottom: 48 },
    xAxis: { type: 'category', data: [...classes], ...axisStyle, axisLabel: { ...axisStyle.axisLabel, interval: 0, rotate: classes.length > 8 ? 45 : 0 } },
    yAxis: { type: 'value', name: 'samples', ...axisStyle },
    series: [{ type: 'bar', data: [...counts], itemStyle: { color: PALETTE[0], borderRadius: [3, 3, 0, 0] }, barMaxWidth: 48 }],
  };
}
