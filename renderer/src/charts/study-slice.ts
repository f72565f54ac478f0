/**
 * Slice plot: for each param, the objective of every finished trial against
 * that param's value, in small multiples. Colour = trial number, so drift of
 * the sampler towards a region over time shows too.
 */
import { metricName } from '../lib/metric-names.ts';
import { t } from '../i18n/index.ts';
import type { EChartsOption } from 'echarts';
import type { Direction, ParamAxis, TrialPoint } from '../lib/study-types.ts';
import { choiceLabel, objectiveOf, sampleTrials, shortName, variableParams } from './study-axes.ts';
import { axisStyle, baseOption, TEXT } from './theme.ts';
import { formatNumber } from '../lib/format.ts';
import { escapeHtml } from './html.ts';

export type SliceInput = {
  axes: readonly ParamAxis[];
  trials: readonly TrialPoint[];
  objective: { name: string; direction: Direction; index?: number };
  columns?: number;
  maxPoints?: number;
};

export const SLICE_ROW_HEIGHT = 190;
/** Trials drawn in each panel at most: the best half plus an even spread of the rest (see sampleTrials). */
export const SLICE_MAX_POINTS = 1500;

/** Height a slice chart needs for `paramCount` panels, so the component can size itself. */
export function sliceHeight(paramCount: number, columns = 3): number {
  return Math.max(1, Math.ceil(paramCount / columns)) * SLICE_ROW_HEIGHT + 24;
}

export function buildSliceOption(input: SliceInput): EChartsOption {
  const params = variableParams(input.axes);
  const cols = Math.max(1, Math.min(input.columns ?? 3, params.length));
  const rows = Math.max(1, Math.ceil(params.length / cols));
  const k = input.objective.index ?? 0;
  const max = input.maxPoints ?? SLICE_MAX_POINTS;
  const done = sampleTrials(input.trials.filter((t) => objectiveOf(t, k) !== undefined), max, input.objective.direction === 'minimize', k, Math.ceil(max / 2));
  const maxN = done.reduce((m, t) => Math.max(m, t.number), 0);
  // Small multiples: each panel gets a grid, in percent across and pixels down.
  const grid = params.map((_, i) => ({
    left: `${((i % cols) / cols) * 100 + 5}%`,
    width: `${100 / cols - 8}%`,
    top: Math.floor(i / cols) * SLICE_ROW_HEIGHT + 28,
    height: SLICE_ROW_HEIGHT - 72,
  }));
  const xAxis = params.map((p, i) =>
    p.kind === 'categorical'
      ? { gridIndex: i, type: 'category' as const, data: p.choices.map(choiceLabel), name: shortName(p.name), nameLocation: 'middle' as const, nameGap: 24, ...axisStyle }
      : { gridIndex: i, type: p.log ? ('log' as const) : ('value' as const), min: p.low, max: p.high, name: shortName(p.name), nameLocation: 'middle' as const, nameGap: 24, ...axisStyle },
  );
  const yAxis = params.map((_, i) => ({ gridIndex: i, type: 'value' as const, scale: true, name: i % cols === 0 ? metricName(input.objective.name) : undefined, ...axisStyle }));
  const series = params.map((p, i) => ({
    type: 'scatter' as const,
    name: p.name,
    xAxisIndex: i,
    yAxisIndex: i,
    symbolSize: done.length > 500 ? 4 : 7,
    // Each point is its own shape: past 300 per panel they are drawn 150 a frame, not all in one long task.
    progressive: 150,
    progressiveThreshold: 300,
    data: done
      .filter((t) => t.params[p.name] !== undefined)
      .map((t) => [p.kind === 'categorical' ? choiceLabel(t.params[p.name]) : (t.params[p.name] as number), objectiveOf(t, k)!, t.number]),
  }));
  return {
    ...baseOption,
    tooltip: { trigger: 'item', formatter: (p: any) => `${escapeHtml(t('charts.trialN', { n: p.value[2] }))}<br/>${escapeHtml(String(p.seriesName))} = ${escapeHtml(String(p.value[0]))}<br/>${escapeHtml(metricName(input.objective.name))}: ${formatNumber(Number(p.value[1]))}` },
    grid,
    xAxis,
    yAxis,
    visualMap: {
      show: false, type: 'continuous', dimension: 2, min: 0, max: Math.max(1, maxN),
      inRange: { color: ['#bfdbfe', '#1d4ed8'] },
    },
    series,
    textStyle: { ...baseOption.textStyle, color: TEXT },
    aria: { enabled: true, label: { description: t('charts.sliceAria', { count: done.length, params: params.length, rows }) } },
  };
}
