/**
 * Greedy selection's path: the validation metric of the ensemble after each
 * addition (members may be added again), against the best single member
 * (dashed), with a marker where the kept additions end. By construction the
 * kept prefix is never below the best member.
 */
import { t } from '../i18n/index.ts';
import { metricName } from '../lib/metric-names.ts';
import type { EChartsOption } from 'echarts';
import type { SelectionPathStep } from '../../../main/ensemble/types.ts';
import { formatNumber } from '../lib/format.ts';
import { escapeHtml } from './html.ts';
import { axisStyle, baseOption, MUTED, PALETTE } from './theme.ts';

export type PathInput = { path: readonly SelectionPathStep[]; prefix: number; best: SelectionPathStep; metric: string; nameOf: (position: number) => string };

export function buildSelectionPathOption({ path, prefix, best, metric, nameOf }: PathInput): EChartsOption {
  const data = path.map((s, i) => ({ value: [i + 1, s.value], position: s.position }));
  return {
    ...baseOption,
    tooltip: {
      trigger: 'item',
      formatter: (p: any) => `${escapeHtml(t('ensemble.chart.addition', { n: p.value[0], name: nameOf(p.data.position) }))}<br/>${escapeHtml(t('ensemble.chart.validationMetric', { metric: metricName(metric) }))} ${formatNumber(Number(p.value[1]))}`,
    },
    legend: { top: 0, right: 0 },
    grid: { left: 64, right: 16, top: 36, bottom: 40 },
    xAxis: { type: 'value', name: t('ensemble.chart.additions'), nameLocation: 'middle', nameGap: 26, min: 1, max: Math.max(1, path.length), minInterval: 1, ...axisStyle },
    yAxis: { type: 'value', name: t('ensemble.chart.validationMetric', { metric: metricName(metric) }), scale: true, ...axisStyle },
    series: [
      {
        name: t('ensemble.chart.ensemble'),
        type: 'line',
        data,
        symbolSize: 6,
        itemStyle: { color: PALETTE[0] },
        markLine: prefix > 0
          ? { silent: true, symbol: 'none', lineStyle: { type: 'dotted', color: PALETTE[0] }, label: { formatter: t('ensemble.chart.kept', { n: prefix }), color: PALETTE[0] }, data: [{ xAxis: prefix }] }
          : undefined,
      },
      {
        name: t('ensemble.chart.bestMember', { name: nameOf(best.position) }),
        type: 'line',
        data: [[1, best.value], [Math.max(1, path.length), best.value]],
        symbol: 'none',
        lineStyle: { type: 'dashed', color: MUTED },
        itemStyle: { color: MUTED },
      },
    ],
    aria: { enabled: true, label: { description: t('ensemble.chart.pathAria', { metric: metricName(metric), count: path.length, kept: prefix }) } },
  };
}
