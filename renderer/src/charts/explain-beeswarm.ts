/**
 * SHAP's beeswarm: one row of dots per feature (most important on top), each
 * dot an explained row placed at its attribution and coloured by the row's
 * value of that feature (low blue, high red), so the direction of an effect
 * is visible at a glance. Dots that would overlap are spread vertically.
 */
import { t } from '../i18n/index.ts';
import type { EChartsOption } from 'echarts';
import type { LocalExplanationResult } from '../../../main/explain/request.ts';
import { formatNumber } from '../lib/format.ts';
import { escapeHtml } from './html.ts';
import { meanAbsAttributions, topItems } from './explain-importance.ts';
import { axisStyle, baseOption, MUTED } from './theme.ts';

/** [attribution, row position + spread, value scaled to [0, 1] (0.5 when unknown), row index] */
export type SwarmPoint = [number, number, number, number];

/** Vertical offsets that spread dots sharing a bin of the x-axis: 0, +d, −d, +2d, … up to ±0.4. */
export function swarmOffsets(xs: readonly number[], bins = 40): number[] {
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const width = hi > lo ? (hi - lo) / bins : 1;
  const counts = new Map<number, number>();
  return xs.map((x) => {
    const bin = Math.floor((x - lo) / width);
    const k = counts.get(bin) ?? 0;
    counts.set(bin, k + 1);
    const step = k === 0 ? 0 : Math.ceil(k / 2) * 0.06 * (k % 2 === 1 ? 1 : -1);
    return Math.max(-0.4, Math.min(0.4, step));
  });
}

export function beeswarmPoints(result: Pick<LocalExplanationResult, 'features' | 'rows'>, featureIndex: number, position: number): SwarmPoint[] {
  const xs = result.rows.map((r) => r.attributions[featureIndex]);
  const values = result.rows.map((r) => r.values?.[featureIndex]);
  const known = values.filter((v): v is number => v !== undefined && Number.isFinite(v));
  const lo = Math.min(...known);
  const hi = Math.max(...known);
  const offsets = swarmOffsets(xs);
  return xs.map((x, i) => {
    const v = values[i];
    const scaled = v === undefined || !Number.isFinite(v) ? 0.5 : hi > lo ? (v - lo) / (hi - lo) : 0.5;
    return [x, position + offsets[i], scaled, i];
  });
}

export function buildBeeswarmOption(result: Pick<LocalExplanationResult, 'features' | 'rows'>, opts: { maxFeatures?: number; title?: string } = {}): EChartsOption {
  const top = topItems(meanAbsAttributions(result), opts.maxFeatures ?? 12).reverse();
  const index = new Map(result.features.map((f, j) => [f, j]));
  const data = top.flatMap((item, position) => beeswarmPoints(result, index.get(item.feature) as number, position));
  return {
    ...baseOption,
    title: { text: opts.title ?? t('charts.attributionsPerRow'), left: 0, textStyle: { fontSize: 13, fontWeight: 600 } },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const [x, y, , i] = (p as { value: SwarmPoint }).value;
        const feature = top[Math.round(y)].feature;
        const v = result.rows[i].values?.[index.get(feature) as number];
        return `${escapeHtml(feature)} = ${formatNumber(v)}<br>${escapeHtml(t('charts.rowN', { n: result.rows[i].index }))}: ${formatNumber(x)}`;
      },
    },
    grid: { left: 8, right: 60, top: 36, bottom: 36, containLabel: true },
    xAxis: { type: 'value', name: t('charts.attribution'), nameLocation: 'middle', nameGap: 24, ...axisStyle },
    // A value axis (dots spread around their row), labelled at the rows' integer positions only.
    yAxis: {
      type: 'value', min: -0.5, max: top.length - 0.5,
      axisLabel: { customValues: top.map((_, i) => i), formatter: (v: number) => top[Math.round(v)]?.feature ?? '', color: axisStyle.axisLabel.color },
      axisTick: { customValues: top.map((_, i) => i) },
      splitLine: { show: false },
    },
    visualMap: { type: 'continuous', dimension: 2, min: 0, max: 1, right: 0, top: 'middle', itemHeight: 120, text: [t('charts.high'), t('charts.low')], calculable: false, inRange: { color: ['#2563eb', '#a855f7', '#dc2626'] }, outOfRange: { color: MUTED } },
    series: [{ type: 'scatter', symbolSize: 6, data, itemStyle: { opacity: 0.8 } }],
  };
}
