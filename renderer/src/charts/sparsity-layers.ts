/**
 * Per-layer sparsity of a pruned model: one bar per layer (in model order), the
 * target as a reference line, so uneven global pruning is visible at a glance.
 */
import { t } from '../i18n/index.ts';
import { formatInteger, formatPercent } from '../lib/format.ts';
import { escapeHtml } from './html.ts';
import type { EChartsOption } from 'echarts';
import { axisStyle, baseOption, MUTED, PALETTE } from './theme.ts';

export type LayerSparsityBar = { layer: string; sparsity: number; zeros: number; total: number };
export type LayerSparsityInput = { layers: readonly LayerSparsityBar[]; target?: number | null };

export function buildLayerSparsityOption(input: LayerSparsityInput): EChartsOption {
  const layers = input.layers.filter((l) => Number.isFinite(l.sparsity));
  const pct = (v: number) => formatPercent(v);
  const target = input.target != null && Number.isFinite(input.target) ? input.target : null;
  return {
    ...baseOption,
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (ps: any) => {
        const l = layers[ps[0].dataIndex];
        return `${escapeHtml(l.layer)}<br/>${escapeHtml(t('charts.sparsityValue', { value: pct(l.sparsity) }))}<br/>${escapeHtml(t('charts.zeroWeights', { zeros: formatInteger(l.zeros), total: formatInteger(l.total) }))}`;
      },
    },
    grid: { left: 56, right: 20, top: 16, bottom: 64 },
    xAxis: {
      type: 'category',
      data: layers.map((l) => l.layer),
      axisLabel: { color: axisStyle.axisLabel.color, rotate: layers.length > 6 ? 30 : 0, interval: 0 },
      axisLine: axisStyle.axisLine,
    },
    yAxis: { type: 'value', min: 0, max: 1, name: t('charts.sparsity'), axisLabel: { formatter: (v: number) => pct(v), color: axisStyle.axisLabel.color }, splitLine: axisStyle.splitLine },
    series: [
      {
        name: t('charts.sparsity'),
        type: 'bar',
        barMaxWidth: 36,
        itemStyle: { color: PALETTE[0] },
        data: layers.map((l) => l.sparsity),
        markLine: target === null ? undefined : {
          symbol: 'none',
          lineStyle: { color: MUTED, type: 'dashed' },
          label: { formatter: t('charts.target', { value: pct(target) }), position: 'insideEndTop' },
          data: [{ yAxis: target }],
        },
      },
    ],
    aria: { enabled: true, label: { description: t('charts.layerSparsityAria', { count: layers.length }) } },
  } as EChartsOption;
}
