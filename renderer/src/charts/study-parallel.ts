/**
 * Parallel coordinates: one axis per varying param plus the objective, one line
 * per finished trial, coloured by the objective so good regions stand out.
 */
import { metricName } from '../lib/metric-names.ts';
import { t } from '../i18n/index.ts';
import type { EChartsOption } from 'echarts';
import type { Direction, ParamAxis, TrialPoint } from '../lib/study-types.ts';
import { choiceLabel, objectiveOf, sampleTrials, shortName, variableParams } from './study-axes.ts';
import { baseOption, TEXT } from './theme.ts';

export type ParallelInput = {
  axes: readonly ParamAxis[];
  trials: readonly TrialPoint[];
  objective: { name: string; direction: Direction; index?: number };
  maxLines?: number;
};

/** Lines drawn at most: the best half of them plus an even spread of the rest (see sampleTrials). */
export const PARALLEL_MAX_LINES = 2000;

export function buildParallelOption(input: ParallelInput): EChartsOption {
  const params = variableParams(input.axes);
  const k = input.objective.index ?? 0;
  const done = input.trials.filter((t) => objectiveOf(t, k) !== undefined);
  const max = input.maxLines ?? PARALLEL_MAX_LINES;
  const shown = sampleTrials(done, max, input.objective.direction === 'minimize', k, Math.ceil(max / 2));
  const values = shown.map((t) => objectiveOf(t, k)!);
  const lo = values.reduce((m, v) => Math.min(m, v), values.length ? Infinity : 0);
  const hi = values.reduce((m, v) => Math.max(m, v), values.length ? -Infinity : 1);
  const parallelAxis = [
    ...params.map((p, dim) =>
      p.kind === 'categorical'
        ? { dim, name: shortName(p.name), type: 'category' as const, data: p.choices.map(choiceLabel) }
        : { dim, name: shortName(p.name), type: p.log ? ('log' as const) : ('value' as const), min: p.low, max: p.high },
    ),
    { dim: params.length, name: metricName(input.objective.name), type: 'value' as const, scale: true, nameTextStyle: { fontWeight: 700 } },
  ];
  const data = shown.map((t) => [
    // Inactive params (e.g. units_3 when depth is 2) have no value; the line skips that axis.
    ...params.map((p) => {
      const v = t.params[p.name];
      if (v === undefined) return null;
      return p.kind === 'categorical' ? choiceLabel(v) : typeof v === 'number' ? v : null;
    }),
    objectiveOf(t, k)!,
  ]);
  // Better values get the strong end of the ramp, whichever the direction.
  const ramp = ['#fde68a', '#60a5fa', '#1e3a8a'];
  return {
    ...baseOption,
    parallel: { left: 56, right: 120, top: 36, bottom: 28, parallelAxisDefault: { nameTextStyle: { color: TEXT }, axisLabel: { color: TEXT } } },
    parallelAxis,
    visualMap: {
      show: values.length > 0,
      type: 'continuous',
      dimension: params.length,
      min: lo,
      max: hi === lo ? lo + 1 : hi,
      right: 0,
      top: 'middle',
      itemHeight: 120,
      calculable: false,
      text: [metricName(input.objective.name), ''],
      inRange: { color: input.objective.direction === 'minimize' ? [...ramp].reverse() : ramp },
    },
    // Drawn 250 lines a frame past 500 (ECharts' own threshold is 3,000): 2,000 lines in one frame is a long task.
    series: [{ type: 'parallel', lineStyle: { width: 1.2, opacity: 0.6 }, data, progressive: 250, progressiveThreshold: 500 }],
    aria: { enabled: true, label: { description: t('charts.parallelAria', { count: shown.length, params: params.length }) } },
  };
}
