/**
 * A saliency map over its image: the image in grey (channels averaged) and the
 * attributions on top, red where a pixel raised the explained output and blue
 * where it lowered it, transparent near zero, on one symmetric colour scale.
 */
import { t } from '../i18n/index.ts';
import type { EChartsOption } from 'echarts';
import type { ExplainedRow } from '../../../main/explain/request.ts';
import { formatNumber } from '../lib/format.ts';
import { baseOption } from './theme.ts';

/** [column, row, value] cells of an H×W grid from a per-pixel array (values of C channels averaged when `channels` > 1). */
export function pixelCells(values: readonly number[], H: number, W: number, channels = 1): [number, number, number][] {
  const cells: [number, number, number][] = [];
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let sum = 0;
      for (let c = 0; c < channels; c++) sum += values[(y * W + x) * channels + c];
      cells.push([x, y, sum / channels]);
    }
  }
  return cells;
}

export function buildSaliencyOption(row: Pick<ExplainedRow, 'image' | 'attributions' | 'index' | 'prediction'>, inputShape: readonly number[], opts: { title?: string } = {}): EChartsOption {
  const [H, W, C] = inputShape;
  const image = pixelCells(row.image ?? [], H, W, C);
  const saliency = pixelCells(row.attributions, H, W, 1);
  const pixels = image.map((c) => c[2]);
  const bound = Math.max(1e-12, ...saliency.map((c) => Math.abs(c[2])));
  const axis = (n: number) => ({ type: 'category' as const, data: Array.from({ length: n }, (_, i) => i), show: false });
  return {
    ...baseOption,
    title: { text: opts.title ?? t('charts.rowN', { n: row.index }), left: 'center', textStyle: { fontSize: 12, fontWeight: 500 } },
    tooltip: { formatter: (p: unknown) => {
      const [x, y, v] = (p as { value: [number, number, number] }).value;
      return t('charts.pixel', { y, x, value: formatNumber(v) });
    } },
    grid: { left: 4, right: 4, top: 24, bottom: 4 },
    xAxis: axis(W),
    yAxis: { ...axis(H), inverse: true },
    visualMap: [
      { seriesIndex: 0, show: false, min: Math.min(...pixels), max: Math.max(...pixels, Math.min(...pixels) + 1e-12), inRange: { color: ['#000000', '#ffffff'] } },
      { seriesIndex: 1, show: false, min: -bound, max: bound, inRange: { color: ['rgba(37,99,235,0.85)', 'rgba(255,255,255,0)', 'rgba(220,38,38,0.85)'] } },
    ],
    series: [
      { type: 'heatmap', data: image, silent: true },
      { type: 'heatmap', data: saliency },
    ],
  };
}
