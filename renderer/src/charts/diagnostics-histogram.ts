/**
 * TensorBoard's "histograms" over time for one layer: each recorded epoch's
 * 30-bin histogram re-binned onto one common grid (exact: the diagnostics'
 * bins are power-of-two widths at multiples of themselves, so grids nest) and
 * drawn as a heatmap, value across, epoch down, colour the share of values.
 */
import { t, tValue } from '../i18n/index.ts';
import type { EChartsOption } from 'echarts';
import type { EpochDiagnostics, Histogram } from '../../../main/diagnose/types.ts';
import { formatNumber, formatPercent } from '../lib/format.ts';
import type { DistributionKind } from './diagnostics-distribution.ts';
import { axisStyle, baseOption } from './theme.ts';

/** Most columns drawn: beyond this the common bin width doubles until it fits. */
export const MAX_COMMON_BINS = 120;

export type CommonGrid = { lo: number; width: number; bins: number };

/** The coarsest width of the histograms (doubled until at most MAX_COMMON_BINS cover them all), starting at a multiple of it. */
export function commonGrid(histograms: readonly Histogram[]): CommonGrid {
  let width = Math.max(...histograms.map((h) => h.width));
  const lo = Math.min(...histograms.map((h) => h.lo));
  const hi = Math.max(...histograms.map((h) => h.lo + h.counts.length * h.width));
  for (;;) {
    const start = Math.floor(lo / width) * width;
    const bins = Math.max(1, Math.ceil((hi - start) / width - 1e-9));
    if (bins <= MAX_COMMON_BINS) return { lo: start, width, bins };
    width *= 2;
  }
}

/** A histogram's counts on the common grid (each fine bin falls inside one coarse bin). */
export function rebin(h: Histogram, grid: CommonGrid): number[] {
  const out = new Array<number>(grid.bins).fill(0);
  h.counts.forEach((count, k) => {
    const centre = h.lo + (k + 0.5) * h.width;
    const at = Math.min(grid.bins - 1, Math.max(0, Math.floor((centre - grid.lo) / grid.width)));
    out[at] += count;
  });
  return out;
}

export function buildHistogramOption(epochs: readonly EpochDiagnostics[], layer: string, kind: DistributionKind): EChartsOption {
  const records = epochs
    .map((d) => ({ epoch: d.epoch, h: d.layers.find((l) => l.layer === layer)?.[kind]?.histogram }))
    .filter((r): r is { epoch: number; h: Histogram } => r.h !== undefined && Number.isFinite(r.h.lo) && r.h.width > 0);
  const grid = records.length ? commonGrid(records.map((r) => r.h)) : { lo: 0, width: 1, bins: 1 };
  const data: [number, number, number][] = [];
  records.forEach((r, y) => {
    const counts = rebin(r.h, grid);
    const total = counts.reduce((a, b) => a + b, 0) || 1;
    counts.forEach((c, x) => c > 0 && data.push([x, y, c / total]));
  });
  const centres = Array.from({ length: grid.bins }, (_, k) => formatNumber(grid.lo + (k + 0.5) * grid.width, 3));
  return {
    ...baseOption,
    title: { text: t('charts.histograms', { layer, kind: tValue('values.distribution', kind) }), left: 0, textStyle: { fontSize: 13, fontWeight: 600 } },
    tooltip: { formatter: (p: unknown) => {
      const [x, y, v] = (p as { value: [number, number, number] }).value;
      return t('charts.histogramTip', { epoch: records[y].epoch, around: centres[x], share: formatPercent(v) });
    } },
    grid: { left: 56, right: 16, top: 40, bottom: 48 },
    xAxis: { type: 'category', data: centres, name: tValue('values.distribution', kind), nameLocation: 'middle', nameGap: 32, ...axisStyle },
    yAxis: { type: 'category', data: records.map((r) => String(r.epoch)), name: t('charts.epoch'), nameLocation: 'start', inverse: true, ...axisStyle },
    visualMap: { show: false, min: 0, max: Math.max(1e-12, ...data.map((d) => d[2])), inRange: { color: ['#eff6ff', '#1d4ed8'] } },
    series: [{ type: 'heatmap', data }],
  };
}
