/**
 * One attention map as a heatmap: query tokens down the side (in reading
 * order, top to bottom), the tokens they attend to along the bottom, darker
 * for more weight, on a 0..max scale (each row sums to 1, so max is what
 * stands out). Tokens are user text: tooltips escape them.
 */
import type { EChartsOption } from 'echarts';
import { t } from '../i18n/index.ts';
import { formatNumber } from '../lib/format.ts';
import { escapeHtml } from './html.ts';
import { baseOption, TEXT } from './theme.ts';

/** Axis labels only while they can be read; longer rows show every n-th. */
const LABELLED_TOKENS = 40;

export function buildAttentionOption(tokens: readonly string[], map: readonly (readonly number[])[], opts: { title?: string } = {}): EChartsOption {
  const n = tokens.length;
  const data: [number, number, number][] = [];
  let max = 0;
  map.forEach((row, q) => row.forEach((w, k) => {
    data.push([k, q, w]);
    max = Math.max(max, w);
  }));
  // Positions make repeated tokens distinct categories; the label shows the token only.
  const categories = tokens.map((_, i) => String(i));
  const label = (i: number | string) => tokens[Number(i)] ?? '';
  const axis = (name: string) => ({
    type: 'category' as const,
    data: categories,
    name,
    nameLocation: 'middle' as const,
    axisLabel: { color: TEXT, interval: n <= LABELLED_TOKENS ? 0 : Math.ceil(n / LABELLED_TOKENS) - 1, formatter: label },
    splitArea: { show: false },
  });
  return {
    ...baseOption,
    title: opts.title ? { text: opts.title, left: 'center', textStyle: { fontSize: 12, fontWeight: 500 } } : undefined,
    tooltip: {
      formatter: (p: unknown) => {
        const [k, q, w] = (p as { value: [number, number, number] }).value;
        return escapeHtml(t('charts.attentionCell', { query: label(q), key: label(k), weight: formatNumber(w) }));
      },
    },
    grid: { left: 96, right: 64, top: opts.title ? 32 : 12, bottom: 72 },
    xAxis: { ...axis(t('charts.attendedTo')), nameGap: 52, axisLabel: { ...axis('').axisLabel, rotate: 45 } },
    yAxis: { ...axis(t('charts.queryToken')), nameGap: 80, inverse: true },
    visualMap: { min: 0, max: Math.max(max, 1e-6), calculable: false, orient: 'vertical', right: 0, top: 'middle', itemHeight: 120, text: [formatNumber(max, 2), '0'], textStyle: { color: TEXT }, inRange: { color: ['#f8fafc', '#93c5fd', '#1d4ed8'] } },
    series: [{ type: 'heatmap', data, emphasis: { itemStyle: { borderColor: '#0f172a', borderWidth: 1 } } }],
    // ECharts' aria description becomes the chart's aria-label: it names the map (layer, head) too.
    aria: { enabled: true, label: { description: t('charts.attentionAria', { title: opts.title ?? t('explain.attention.title'), count: n, max: formatNumber(max) }) } },
  };
}
