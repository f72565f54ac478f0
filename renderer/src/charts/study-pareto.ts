/**
 * Pareto front of a two-objective study (or the first two objectives of more):
 * every finished trial as a point, the non-dominated ones highlighted and joined.
 */
import { metricName } from '../lib/metric-names.ts';
import { t } from '../i18n/index.ts';
import type { EChartsOption } from 'echarts';
import type { Objective, TrialPoint } from '../lib/study-types.ts';
import { axisStyle, baseOption, MUTED, PALETTE } from './theme.ts';
import { formatNumber } from '../lib/format.ts';
import { escapeHtml } from './html.ts';

export type ParetoInput = {
  trials: readonly TrialPoint[];
  objectives: readonly Objective[];
  /** Trial numbers the engine says are on the front; computed in 2-D when absent. */
  front?: readonly number[];
};

type P = { n: number; a: number; b: number };

/**
 * Non-dominated points in two dimensions by one sort and a sweep (O(n log n)),
 * so 10,000 trials cost nothing; both values as losses (lower is better).
 */
export function paretoFront2d(points: readonly P[]): P[] {
  const sorted = [...points].sort((p, q) => p.a - q.a || p.b - q.b);
  const front: P[] = [];
  let bestB = Infinity;
  for (const p of sorted) {
    if (p.b < bestB) {
      front.push(p);
      bestB = p.b;
    }
  }
  return front;
}

/** 'val_loss (minimize)': the objective's name and direction, in the UI's language. */
function axisTitle(o: Objective | undefined, n: number): string {
  return o ? t('charts.objectiveAxis', { name: metricName(o.name), direction: t(`values.direction.${o.direction}`) }) : t('charts.objectiveN', { n });
}

export function buildParetoOption(input: ParetoInput): EChartsOption {
  const [ox, oy] = input.objectives;
  const pts: P[] = [];
  for (const t of input.trials) {
    const [a, b] = t.values ?? [];
    if (t.state === 'complete' && Number.isFinite(a) && Number.isFinite(b)) pts.push({ n: t.number, a, b });
  }
  const sign = (o: Objective | undefined) => (o?.direction === 'maximize' ? -1 : 1);
  const frontSet = input.front
    ? new Set(input.front)
    : new Set(paretoFront2d(pts.map((p) => ({ n: p.n, a: sign(ox) * p.a, b: sign(oy) * p.b }))).map((p) => p.n));
  const front = pts.filter((p) => frontSet.has(p.n)).sort((p, q) => p.a - q.a);
  const rest = pts.filter((p) => !frontSet.has(p.n));
  const fmt = (p: any) => `${escapeHtml(t('charts.trialN', { n: p.value[2] }))}<br/>${escapeHtml(metricName(ox?.name ?? ''))}: ${formatNumber(Number(p.value[0]))}<br/>${escapeHtml(metricName(oy?.name ?? ''))}: ${formatNumber(Number(p.value[1]))}`;
  return {
    ...baseOption,
    tooltip: { trigger: 'item', formatter: fmt },
    legend: { top: 0, right: 0 },
    grid: { left: 64, right: 16, top: 36, bottom: 48 },
    xAxis: { type: 'value', name: axisTitle(ox, 1), nameLocation: 'middle', nameGap: 28, scale: true, ...axisStyle },
    yAxis: { type: 'value', name: axisTitle(oy, 2), scale: true, ...axisStyle },
    series: [
      { name: t('charts.trials'), type: 'scatter', symbolSize: rest.length > 500 ? 4 : 7, itemStyle: { color: MUTED, opacity: 0.7 }, data: rest.map((p) => [p.a, p.b, p.n]), large: rest.length > 2000 },
      {
        name: t('charts.paretoFront'), type: 'line', symbolSize: 9, lineStyle: { color: PALETTE[1], width: 1.5, type: 'dashed' },
        itemStyle: { color: PALETTE[1] }, data: front.map((p) => [p.a, p.b, p.n]), z: 3,
      },
    ],
    aria: { enabled: true, label: { description: t('charts.paretoAria', { front: front.length, total: pts.length }) } },
  };
}
