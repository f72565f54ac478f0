/**
 * Accuracy against cost (parameters, FLOPs or measured latency) for every model
 * an experiment produced, with the Pareto front marked: the models nothing else
 * beats on both cost (lower is better) and the metric (higher is better).
 */
import { t } from '../i18n/index.ts';
import { metricName } from '../lib/metric-names.ts';
import type { EChartsOption } from 'echarts';
import { metricRange } from './compression-axis.ts';
import { axisStyle, baseOption, MUTED, PALETTE } from './theme.ts';
import { formatCount, formatNumber } from '../lib/format.ts';
import { escapeHtml } from './html.ts';

export const COST_AXES = ['params', 'flops', 'latency'] as const;
export type CostAxis = (typeof COST_AXES)[number];

export type TradeoffPoint = {
  /** Stable key (a step number or run id), echoed in the tooltip and the front. */
  id: string;
  label: string;
  value: number | null;
  params: number | null;
  /** Non-zero parameters: what a sparse model really stores; used for 'params' when known. */
  nonZeroParams?: number | null;
  flops: number | null;
  latencyMs: number | null;
  baseline?: boolean;
};
export type TradeoffInput = { points: readonly TradeoffPoint[]; axis: CostAxis; metric: string };

/** The cost axis' name on the chart (charts.costAxis.*). */
export const axisName = (axis: CostAxis): string => t(`charts.costAxis.${axis}`);
/** Short names for the axis switch (charts.costLabel.*). */
export const axisLabel = (axis: CostAxis): string => t(`charts.costLabel.${axis}`);

export function costOf(p: TradeoffPoint, axis: CostAxis): number | null {
  const v = axis === 'params' ? (p.nonZeroParams ?? p.params) : axis === 'flops' ? p.flops : p.latencyMs;
  return v != null && Number.isFinite(v) ? v : null;
}

/**
 * Ids of the non-dominated points (cost minimised, value maximised): sort by cost,
 * keep each point that beats every cheaper one. Ties in cost keep only the best value.
 */
export function tradeoffFront(points: readonly { id: string; cost: number; value: number }[]): string[] {
  const sorted = [...points].sort((a, b) => a.cost - b.cost || b.value - a.value);
  const front: string[] = [];
  let best = -Infinity;
  for (const p of sorted) {
    if (p.value > best) {
      front.push(p.id);
      best = p.value;
    }
  }
  return front;
}

export function buildTradeoffOption(input: TradeoffInput): EChartsOption {
  const pts = input.points.flatMap((p) => {
    const cost = costOf(p, input.axis);
    return cost !== null && p.value != null && Number.isFinite(p.value) ? [{ p, cost, value: p.value }] : [];
  });
  const frontIds = new Set(tradeoffFront(pts.map((x) => ({ id: x.p.id, cost: x.cost, value: x.value }))));
  const front = pts.filter((x) => frontIds.has(x.p.id)).sort((a, b) => a.cost - b.cost);
  const rest = pts.filter((x) => !frontIds.has(x.p.id));
  const item = (x: (typeof pts)[number]) => ({
    value: [x.cost, x.value],
    name: x.p.label,
    // The baseline is the reference every other model is judged against: a distinct shape.
    symbol: x.p.baseline ? 'diamond' : 'circle',
  });
  const name = axisName(input.axis);
  // Parameter and FLOP counts span orders of magnitude across shrink candidates: log when it helps.
  const costs = pts.map((x) => x.cost);
  const log = input.axis !== 'latency' && costs.length > 1 && Math.min(...costs) > 0 && Math.max(...costs) / Math.min(...costs) > 20;
  return {
    ...baseOption,
    tooltip: {
      trigger: 'item',
      formatter: (p: any) => `${escapeHtml(String(p.name))}<br/>${escapeHtml(name)}: ${input.axis === 'latency' ? formatNumber(Number(p.value[0])) : formatCount(Number(p.value[0]))}<br/>${escapeHtml(metricName(input.metric))}: ${formatNumber(Number(p.value[1]))}`,
    },
    legend: { top: 0, right: 0 },
    grid: { left: 56, right: 20, top: 36, bottom: 44 },
    xAxis: { type: log ? 'log' : 'value', name, nameLocation: 'middle', nameGap: 28, scale: true, ...axisStyle },
    yAxis: { type: 'value', name: metricName(input.metric), ...metricRange(pts.map((x) => x.value)), ...axisStyle },
    series: [
      { name: t('charts.models'), type: 'scatter', symbolSize: 9, itemStyle: { color: MUTED }, data: rest.map(item) },
      {
        name: t('charts.paretoFront'), type: 'line', symbolSize: 11, z: 3,
        lineStyle: { color: PALETTE[1], width: 1.5, type: 'dashed' }, itemStyle: { color: PALETTE[1] },
        data: front.map(item),
      },
    ],
    aria: { enabled: true, label: { description: t('charts.tradeoffAria', { metric: metricName(input.metric), axis: name, front: front.length, total: pts.length }) } },
  } as EChartsOption;
}
