/**
 * One explained row as a waterfall: from the base value, each feature's
 * attribution moves the running total up (red) or down (blue) until it reaches
 * the prediction. The largest contributions get their own bar; the rest are
 * summed into one. Bars are floating segments drawn as stacked bars on an
 * invisible placeholder, shifted so every stacked value is ≥ 0 (the axis labels
 * undo the shift).
 */
import { t } from '../i18n/index.ts';
import type { EChartsOption } from 'echarts';
import type { ExplainedRow } from '../../../main/explain/request.ts';
import { formatNumber } from '../lib/format.ts';
import { axisStyle, baseOption, MUTED } from './theme.ts';

export type WaterfallStep = { label: string; start: number; end: number; kind: 'base' | 'up' | 'down' | 'prediction' };

/** The steps, in drawing order: base, contributions by decreasing size (the rest summed last), prediction. */
export function waterfallSteps(row: Pick<ExplainedRow, 'base' | 'prediction' | 'attributions'>, features: readonly string[], maxBars = 10): WaterfallStep[] {
  const order = row.attributions.map((a, j) => ({ a, j })).sort((x, y) => Math.abs(y.a) - Math.abs(x.a));
  const shown = order.slice(0, maxBars);
  const rest = order.slice(maxBars);
  const steps: WaterfallStep[] = [{ label: t('charts.base'), start: 0, end: row.base, kind: 'base' }];
  let total = row.base;
  const add = (label: string, a: number) => {
    steps.push({ label, start: total, end: total + a, kind: a >= 0 ? 'up' : 'down' });
    total += a;
  };
  for (const { a, j } of shown) add(features[j] ?? `x${j}`, a);
  if (rest.length) add(t('charts.otherFeatures', { count: rest.length }), rest.reduce((s, r) => s + r.a, 0));
  steps.push({ label: t('charts.prediction'), start: 0, end: row.prediction, kind: 'prediction' });
  return steps;
}

const COLORS = { base: MUTED, up: '#dc2626', down: '#2563eb', prediction: '#334155' } as const;

export function buildWaterfallOption(row: Pick<ExplainedRow, 'base' | 'prediction' | 'attributions'>, features: readonly string[], opts: { title?: string; maxBars?: number } = {}): EChartsOption {
  const steps = waterfallSteps(row, features, opts.maxBars ?? 10).reverse(); // category axes draw bottom-up
  const shift = Math.max(0, -Math.min(0, ...steps.flatMap((s) => [s.start, s.end])));
  return {
    ...baseOption,
    title: opts.title ? { text: opts.title, left: 0, textStyle: { fontSize: 13, fontWeight: 600 } } : undefined,
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const s = steps[(p as { dataIndex: number }).dataIndex];
        const change = s.kind === 'up' || s.kind === 'down' ? `${s.end >= s.start ? '+' : '−'}${formatNumber(Math.abs(s.end - s.start))} → ` : '';
        return `${s.label}: ${change}${formatNumber(s.end)}`;
      },
    },
    grid: { left: 8, right: 24, top: 36, bottom: 32, containLabel: true },
    xAxis: { type: 'value', axisLabel: { color: axisStyle.axisLabel.color, formatter: (v: number) => formatNumber(v - shift) }, axisLine: axisStyle.axisLine, splitLine: axisStyle.splitLine },
    yAxis: { type: 'category', data: steps.map((s) => s.label), ...axisStyle },
    series: [
      { type: 'bar', stack: 'w', silent: true, itemStyle: { color: 'transparent' }, data: steps.map((s) => Math.min(s.start, s.end) + shift) },
      {
        type: 'bar',
        stack: 'w',
        data: steps.map((s) => ({ value: Math.abs(s.end - s.start), itemStyle: { color: COLORS[s.kind] } })),
        label: { show: true, position: 'right', formatter: (p: unknown) => {
          const s = steps[(p as { dataIndex: number }).dataIndex];
          return s.kind === 'up' ? `+${formatNumber(s.end - s.start, 3)}` : s.kind === 'down' ? `−${formatNumber(s.start - s.end, 3)}` : formatNumber(s.end, 3);
        } },
      },
    ],
  };
}
