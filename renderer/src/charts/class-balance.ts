/** Samples per class as a bar chart, to spot imbalanced datasets before training. */
import { t } from '../i18n/index.ts';
import { formatInteger, formatPercent } from '../lib/format.ts';
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
        return t('charts.classShare', { name: p.name, count: formatInteger(p.value), share: formatPercent(total ? p.value / total : 0) });
      },
    },
    grid: { left: 48, right: 16, top: 16, bottom: 48 },
    xAxis: { type: 'category', data: [...classes], ...axisStyle, axisLabel: { ...axisStyle.axisLabel, interval: 0, rotate: classes.length > 8 ? 45 : 0 } },
    yAxis: { type: 'value', name: t('charts.samples'), ...axisStyle },
    series: [{ type: 'bar', data: [...counts], itemStyle: { color: PALETTE[0], borderRadius: [3, 3, 0, 0] }, barMaxWidth: 48 }],
  };
}
