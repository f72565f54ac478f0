/** A dependence plot: each explained row's value of one feature against that feature's attribution. */
import { t } from '../i18n/index.ts';
import type { EChartsOption } from 'echarts';
import type { LocalExplanationResult } from '../../../main/explain/request.ts';
import { formatNumber } from '../lib/format.ts';
import { axisStyle, baseOption, PALETTE } from './theme.ts';

/** [feature value, attribution, row index] for rows with a known value. */
export function dependencePoints(result: Pick<LocalExplanationResult, 'rows'>, featureIndex: number): [number, number, number][] {
  return result.rows
    .map((r, i) => [r.values?.[featureIndex], r.attributions[featureIndex], i] as const)
    .filter((p): p is readonly [number, number, number] => p[0] !== undefined && Number.isFinite(p[0]))
    .map(([v, a, i]) => [v, a, i]);
}

export function buildDependenceOption(result: Pick<LocalExplanationResult, 'rows' | 'features'>, featureIndex: number): EChartsOption {
  const feature = result.features[featureIndex] ?? '';
  const data = dependencePoints(result, featureIndex);
  return {
    ...baseOption,
    title: { text: t('charts.dependenceOn', { feature }), left: 0, textStyle: { fontSize: 13, fontWeight: 600 } },
    tooltip: { trigger: 'item', formatter: (p: unknown) => {
      const [v, a, i] = (p as { value: [number, number, number] }).value;
      return t('charts.dependenceTip', { row: result.rows[i].index, value: formatNumber(v), attribution: formatNumber(a) });
    } },
    grid: { left: 64, right: 16, top: 40, bottom: 40 },
    xAxis: { type: 'value', name: feature, nameLocation: 'middle', nameGap: 26, scale: true, ...axisStyle },
    yAxis: { type: 'value', name: t('charts.attribution'), nameLocation: 'middle', nameGap: 44, ...axisStyle },
    series: [{ type: 'scatter', symbolSize: 7, data, itemStyle: { color: PALETTE[0], opacity: 0.75 }, markLine: { silent: true, symbol: 'none', label: { show: false }, lineStyle: { color: '#94a3b8', type: 'dashed' }, data: [{ yAxis: 0 }] } }],
  };
}
