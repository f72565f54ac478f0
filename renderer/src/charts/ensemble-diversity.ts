/**
 * Pairwise diversity of an ensemble's members on the validation rows, as a
 * heatmap: disagreement (the share of rows on which two members predict a
 * different class; 0 on the diagonal) or Pearson correlation of their outputs
 * (regression; 1 on the diagonal). Accurate members that disagree are what
 * make an ensemble better than its best member.
 */
import { t } from '../i18n/index.ts';
import type { EChartsOption } from 'echarts';
import type { EnsembleReport } from '../../../main/ensemble/types.ts';
import { formatNumber } from '../lib/format.ts';
import { escapeHtml } from './html.ts';
import { baseOption, TEXT } from './theme.ts';

export function buildDiversityOption(diversity: NonNullable<EnsembleReport['diversity']>, names: readonly string[]): EChartsOption {
  const n = diversity.positions.length;
  const labels = Array.from({ length: n }, (_, i) => names[i] ?? t('ensemble.chart.memberN', { n: i + 1 }));
  const disagreement = diversity.kind === 'disagreement';
  const data: [number, number, number][] = [];
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) data.push([c, r, diversity.matrix[r * n + c]]);
  const what = t(disagreement ? 'ensemble.chart.disagree' : 'ensemble.chart.correlation');
  return {
    ...baseOption,
    tooltip: {
      formatter: (p: any) => {
        const [c, r, v] = p.data as number[];
        return `${escapeHtml(labels[r])} × ${escapeHtml(labels[c])}<br/>${disagreement ? escapeHtml(t('ensemble.chart.rowsDiffer', { share: `${formatNumber(v * 100, 3)}%` })) : `r = ${formatNumber(v, 3)}`}`;
      },
    },
    grid: { left: 120, right: 24, top: 16, bottom: 96 },
    xAxis: { type: 'category', data: labels, axisLabel: { color: TEXT, interval: 0, rotate: 35, width: 100, overflow: 'truncate' }, splitArea: { show: true } },
    yAxis: { type: 'category', data: labels, inverse: true, axisLabel: { color: TEXT, interval: 0, width: 100, overflow: 'truncate' }, splitArea: { show: true } },
    visualMap: disagreement
      ? { show: true, min: 0, max: Math.max(0.01, ...diversity.matrix), dimension: 2, orient: 'horizontal', left: 'center', bottom: 0, text: [t('ensemble.chart.moreDisagreement'), t('ensemble.chart.agree')], inRange: { color: ['#f8fafc', '#f59e0b', '#b45309'] } }
      : { show: true, min: -1, max: 1, dimension: 2, orient: 'horizontal', left: 'center', bottom: 0, text: ['r = 1', 'r = −1'], inRange: { color: ['#1d4ed8', '#f8fafc', '#b91c1c'] } },
    series: [{
      type: 'heatmap', data,
      label: { show: n <= 10, formatter: (p: any) => formatNumber((p.data as number[])[2], 2) },
      emphasis: { itemStyle: { borderColor: '#0f172a', borderWidth: 1 } },
    }],
    aria: { enabled: true, label: { description: t('ensemble.chart.diversityAria', { count: n, what }) } },
  };
}
