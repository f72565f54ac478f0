/**
 * Intermediate values (what each trial reported per epoch) as one line per
 * trial. Pruned trials are drawn in a warm colour and end in a cross, so the
 * point where the pruner stopped them is visible at a glance.
 */
import { metricName } from '../lib/metric-names.ts';
import { t } from '../i18n/index.ts';
import type { EChartsOption } from 'echarts';
import type { TrialState } from '../lib/study-types.ts';
import { axisStyle, baseOption, MUTED, PALETTE } from './theme.ts';
import { formatNumber } from '../lib/format.ts';
import { escapeHtml } from './html.ts';

export type IntermediateTrial = { number: number; state: TrialState; steps: readonly (readonly [number, number])[] };

const STATE_COLOR: Record<TrialState, string> = {
  complete: PALETTE[0],
  running: PALETTE[2],
  pruned: PALETTE[3],
  failed: PALETTE[1],
  waiting: MUTED,
};

/** Most recent trials first: a chart of 10,000 lines is unreadable and slow. */
export function recentTrials(trials: readonly IntermediateTrial[], max: number): IntermediateTrial[] {
  return trials.filter((t) => t.steps.length > 0).sort((a, b) => b.number - a.number).slice(0, max).reverse();
}

export function buildIntermediateOption(trials: readonly IntermediateTrial[], opts: { name: string; maxTrials?: number }): EChartsOption {
  const shown = recentTrials(trials, opts.maxTrials ?? 100);
  const lines = shown.map((t) => ({
    name: `#${t.number}`,
    type: 'line' as const,
    showSymbol: false,
    lineStyle: { width: t.state === 'running' ? 2 : 1.2, color: STATE_COLOR[t.state], opacity: t.state === 'pruned' ? 0.8 : 0.9 },
    itemStyle: { color: STATE_COLOR[t.state] },
    data: [...t.steps].sort((a, b) => a[0] - b[0]).map(([s, v]) => [s, v]),
  }));
  const prunedEnds = shown
    .filter((t) => t.state === 'pruned')
    .map((t) => {
      const last = [...t.steps].sort((a, b) => a[0] - b[0]).at(-1)!;
      return { value: [last[0], last[1]], name: `#${t.number}` };
    });
  const prunedHere = t('charts.prunedHere');
  return {
    ...baseOption,
    tooltip: { trigger: 'item', formatter: (p: any) => `${escapeHtml(t('charts.trialLabel', { trial: String(p.seriesName === prunedHere ? p.name : p.seriesName) }))}<br/>${escapeHtml(t('charts.epochN', { n: p.value[0] }))}: ${formatNumber(Number(p.value[1]))}` },
    legend: { show: false },
    grid: { left: 56, right: 16, top: 24, bottom: 36 },
    xAxis: { type: 'value', name: t('charts.epoch'), nameLocation: 'middle', nameGap: 24, minInterval: 1, min: 1, ...axisStyle },
    yAxis: { type: 'value', name: metricName(opts.name), scale: true, ...axisStyle },
    series: [
      ...lines,
      {
        name: prunedHere,
        type: 'scatter',
        symbol: 'path://M0,0 L10,10 M10,0 L0,10',
        symbolSize: 9,
        itemStyle: { borderColor: PALETTE[1], borderWidth: 2, color: PALETTE[1] },
        data: prunedEnds,
        z: 4,
      },
    ],
    aria: { enabled: true, label: { description: t('charts.intermediateAria', { count: shown.length, pruned: prunedEnds.length }) } },
  };
}
