/** Confusion-matrix heatmap: rows = true class, columns = predicted class. */
import { t } from '../i18n/index.ts';
import { formatInteger, formatPercent } from '../lib/format.ts';
import type { EChartsOption } from 'echarts';
import { baseOption, TEXT } from './theme.ts';
import { escapeHtml } from './html.ts';

export function buildConfusionOption(matrix: readonly (readonly number[])[], classes: readonly string[]): EChartsOption {
  const n = matrix.length;
  const labels = Array.from({ length: n }, (_, i) => classes[i] ?? String(i));
  // Colour by the share of each true class so rare classes are as readable as common ones.
  const data: { value: [number, number, number, number]; label: { color: string } }[] = [];
  let max = 0;
  matrix.forEach((row, r) => {
    const total = row.reduce((a, b) => a + b, 0);
    row.forEach((count, c) => {
      max = Math.max(max, count);
      const share = total > 0 ? count / total : 0;
      // White text on dark cells, dark text on light ones.
      data.push({ value: [c, r, share, count], label: { color: share > 0.55 ? '#ffffff' : TEXT } });
    });
  });
  const showLabels = n <= 15;
  return {
    ...baseOption,
    tooltip: {
      formatter: (p: any) => {
        const [c, r, share, count] = p.data.value as number[];
        return escapeHtml(t('charts.confusionCell', { truth: labels[r], predicted: labels[c] })) + '<br/>' + escapeHtml(t('charts.confusionShare', { count: formatInteger(count), share: formatPercent(share), truth: labels[r] }));
      },
    },
    grid: { left: 80, right: 24, top: 16, bottom: 64 },
    xAxis: { type: 'category', data: labels, name: t('charts.predicted'), nameLocation: 'middle', nameGap: 40, axisLabel: { color: TEXT, interval: 0, rotate: n > 6 ? 45 : 0 }, splitArea: { show: true } },
    yAxis: { type: 'category', data: labels, name: t('charts.true'), nameLocation: 'middle', nameGap: 64, inverse: true, axisLabel: { color: TEXT, interval: 0 }, splitArea: { show: true } },
    visualMap: { show: false, min: 0, max: 1, dimension: 2, inRange: { color: ['#f8fafc', '#93c5fd', '#1d4ed8'] } },
    series: [
      {
        type: 'heatmap',
        data,
        label: { show: showLabels, formatter: (p: any) => String((p.data.value as number[])[3]) },
        emphasis: { itemStyle: { borderColor: '#0f172a', borderWidth: 1 } },
      },
    ],
    aria: { enabled: true, label: { description: t('charts.confusionAria', { count: n, max }) } },
  };
}
