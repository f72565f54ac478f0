/**
 * TensorBoard's "distributions": one layer's weights, gradients or activations
 * over the recorded epochs as nested quantile bands (min–max, 5–95%, 25–75%,
 * lightest outside) and the median as a line. Bands are stacked areas on an
 * invisible lower edge; stackStrategy 'all' lets them cross zero.
 */
import { t, tValue } from '../i18n/index.ts';
import type { EChartsOption } from 'echarts';
import type { EpochDiagnostics, Summary } from '../../../main/diagnose/types.ts';
import { formatNumber } from '../lib/format.ts';
import { axisStyle, baseOption } from './theme.ts';

export type DistributionKind = 'weights' | 'gradients' | 'activations';

/** [epoch, q0, q5, q25, q50, q75, q95, q100] for each record where the layer has that summary. */
export function quantileRows(epochs: readonly EpochDiagnostics[], layer: string, kind: DistributionKind): number[][] {
  const rows: number[][] = [];
  for (const d of epochs) {
    const summary: Summary | null | undefined = d.layers.find((l) => l.layer === layer)?.[kind];
    if (summary && summary.quantiles.every(Number.isFinite)) rows.push([d.epoch, ...summary.quantiles]);
  }
  return rows;
}

const BANDS = [
  { name: 'minMax', from: 1, to: 2, opacity: 0.15 },
  { name: 'p5to95', from: 2, to: 3, opacity: 0.3 },
  { name: 'p25to75', from: 3, to: 5, opacity: 0.5 },
  { name: 'p5to95', from: 5, to: 6, opacity: 0.3 },
  { name: 'minMax', from: 6, to: 7, opacity: 0.15 },
] as const;

export function buildDistributionOption(epochs: readonly EpochDiagnostics[], layer: string, kind: DistributionKind, color = '#2563eb'): EChartsOption {
  const rows = quantileRows(epochs, layer, kind);
  const band = (from: number, to: number) => rows.map((r) => [r[0], r[to] - r[from]]);
  return {
    ...baseOption,
    title: { text: `${layer} ${tValue('values.distribution', kind)}`, left: 0, textStyle: { fontSize: 13, fontWeight: 600 } },
    tooltip: {
      trigger: 'axis',
      formatter: (p: unknown) => {
        const first = (Array.isArray(p) ? p[0] : p) as { dataIndex: number };
        const r = rows[first.dataIndex];
        return r ? `${t('charts.epochN', { n: r[0] })}<br>${t('charts.band.median')} ${formatNumber(r[4])}<br>${t('charts.band.p25to75')} ${formatNumber(r[3])} … ${formatNumber(r[5])}<br>${t('charts.band.p5to95')} ${formatNumber(r[2])} … ${formatNumber(r[6])}<br>${t('charts.band.minMax')} ${formatNumber(r[1])} … ${formatNumber(r[7])}` : '';
      },
    },
    grid: { left: 56, right: 16, top: 40, bottom: 36 },
    xAxis: { type: 'value', name: t('charts.epoch'), nameLocation: 'middle', nameGap: 24, minInterval: 1, ...axisStyle },
    yAxis: { type: 'value', scale: true, ...axisStyle },
    series: [
      { name: t('charts.band.min'), type: 'line', stack: 'q', stackStrategy: 'all', symbol: 'none', lineStyle: { opacity: 0 }, data: rows.map((r) => [r[0], r[1]]), silent: true },
      ...BANDS.map((b) => ({
        name: t(`charts.band.${b.name}`),
        type: 'line' as const,
        stack: 'q',
        stackStrategy: 'all' as const,
        symbol: 'none',
        lineStyle: { opacity: 0 },
        areaStyle: { color, opacity: b.opacity },
        data: band(b.from, b.to),
        silent: true,
      })),
      { name: t('charts.band.median'), type: 'line', symbol: 'none', lineStyle: { color, width: 2 }, data: rows.map((r) => [r[0], r[4]]) },
    ],
  };
}
