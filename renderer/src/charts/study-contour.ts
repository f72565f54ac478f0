/**
 * Contour of the objective over two params: an inverse-distance-weighted
 * surface on a grid (computed in each axis's own scale, so log params are
 * smooth) under the trials that were actually run.
 */
import { metricName } from '../lib/metric-names.ts';
import { t } from '../i18n/index.ts';
import type { EChartsOption } from 'echarts';
import type { Direction, ParamAxis, ParamValue, TrialPoint } from '../lib/study-types.ts';
import { choiceLabel, objectiveOf, sampleTrials, shortName } from './study-axes.ts';
import { axisStyle, baseOption, TEXT } from './theme.ts';
import { formatNumber } from '../lib/format.ts';
import { escapeHtml } from './html.ts';

type VarAxis = Exclude<ParamAxis, { kind: 'fixed' }>;
/** Trials drawn at most (the surface itself uses at most 500 of them). */
export const CONTOUR_MAX_POINTS = 2000;

export type ContourInput = {
  x: VarAxis;
  y: VarAxis;
  trials: readonly TrialPoint[];
  objective: { name: string; direction: Direction; index?: number };
  grid?: number;
};

/** Position of a value in [0, 1] along its axis (categoricals centred in equal bins). */
export function toUnit(axis: VarAxis, v: ParamValue | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (axis.kind === 'categorical') {
    const i = axis.choices.findIndex((c) => c === v);
    return i < 0 ? undefined : (i + 0.5) / axis.choices.length;
  }
  if (typeof v !== 'number') return undefined;
  if (axis.high === axis.low) return 0.5;
  return axis.log ? (Math.log(v) - Math.log(axis.low)) / (Math.log(axis.high) - Math.log(axis.low)) : (v - axis.low) / (axis.high - axis.low);
}

/** Axis coordinate of a unit position: a param value, or a category index for categoricals. */
export function fromUnit(axis: VarAxis, u: number): number {
  if (axis.kind === 'categorical') return u * axis.choices.length - 0.5;
  return axis.log ? Math.exp(Math.log(axis.low) + u * (Math.log(axis.high) - Math.log(axis.low))) : axis.low + u * (axis.high - axis.low);
}

/** IDW surface: cells[i] = [x0, y0, x1, y1, value] in axis coordinates. */
export function idwGrid(points: readonly { u: number; v: number; z: number }[], axes: { x: VarAxis; y: VarAxis }, n: number): number[][] {
  const cells: number[][] = [];
  if (points.length === 0) return cells;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const cu = (i + 0.5) / n;
      const cv = (j + 0.5) / n;
      let num = 0;
      let den = 0;
      let exact: number | undefined;
      for (const p of points) {
        const d2 = (p.u - cu) ** 2 + (p.v - cv) ** 2;
        if (d2 < 1e-12) {
          exact = p.z;
          break;
        }
        const w = 1 / (d2 * d2); // power 4 on distance: sharper local features than plain 1/d²
        num += w * p.z;
        den += w;
      }
      cells.push([fromUnit(axes.x, i / n), fromUnit(axes.y, j / n), fromUnit(axes.x, (i + 1) / n), fromUnit(axes.y, (j + 1) / n), exact ?? num / den]);
    }
  return cells;
}

function axisOption(axis: VarAxis, name: string) {
  if (axis.kind === 'categorical') {
    const labels = axis.choices.map(choiceLabel);
    return {
      type: 'value' as const, name, min: -0.5, max: labels.length - 0.5, interval: 1,
      ...axisStyle,
      axisLabel: { color: TEXT, formatter: (v: number) => labels[Math.round(v)] ?? '' },
      splitLine: { show: false },
    };
  }
  return { type: axis.log ? ('log' as const) : ('value' as const), name, min: axis.low, max: axis.high, ...axisStyle, splitLine: { show: false } };
}

export function buildContourOption(input: ContourInput): EChartsOption {
  const { x, y } = input;
  const k = input.objective.index ?? 0;
  const minimize = input.objective.direction === 'minimize';
  const done = sampleTrials(input.trials.filter((t) => objectiveOf(t, k) !== undefined), CONTOUR_MAX_POINTS, minimize, k);
  const pts = done.flatMap((t) => {
    const u = toUnit(x, t.params[x.name]);
    const v = toUnit(y, t.params[y.name]);
    return u === undefined || v === undefined ? [] : [{ u, v, z: objectiveOf(t, k)!, n: t.number }];
  });
  // The surface is O(points × cells): 500 well-spread samples shape it as well as 2,000 do, at a quarter of the cost.
  const surfacePts = pts.length > 500 ? pts.filter((_, i) => i % Math.ceil(pts.length / 500) === 0) : pts;
  const cells = idwGrid(surfacePts, { x, y }, input.grid ?? 28);
  const zs = pts.map((p) => p.z);
  const lo = zs.reduce((m, z) => Math.min(m, z), zs.length ? Infinity : 0);
  const hi = zs.reduce((m, z) => Math.max(m, z), zs.length ? -Infinity : 1);
  const ramp = ['#fef3c7', '#93c5fd', '#1e3a8a'];
  return {
    ...baseOption,
    tooltip: { trigger: 'item', formatter: (p: any) => (p.seriesType === 'scatter' ? `${escapeHtml(t('charts.trialN', { n: p.value[3] }))}<br/>${escapeHtml(metricName(input.objective.name))}: ${formatNumber(Number(p.value[2]))}` : '') },
    grid: { left: 64, right: 88, top: 24, bottom: 48 },
    xAxis: { ...axisOption(x, shortName(x.name)), nameLocation: 'middle', nameGap: 28 },
    yAxis: { ...axisOption(y, shortName(y.name)), nameLocation: 'middle', nameGap: 48 },
    visualMap: {
      show: zs.length > 0, type: 'continuous', seriesIndex: 0, dimension: 4, min: lo, max: hi === lo ? lo + 1 : hi,
      right: 0, top: 'middle', itemHeight: 120, text: [metricName(input.objective.name), ''],
      inRange: { color: minimize ? [...ramp].reverse() : ramp },
    },
    series: [
      {
        type: 'custom',
        silent: true,
        renderItem: (_params: any, api: any) => {
          const a = api.coord([api.value(0), api.value(1)]);
          const b = api.coord([api.value(2), api.value(3)]);
          return {
            type: 'rect',
            shape: { x: Math.min(a[0], b[0]), y: Math.min(a[1], b[1]), width: Math.abs(b[0] - a[0]) + 0.5, height: Math.abs(b[1] - a[1]) + 0.5 },
            style: { fill: api.visual('color') },
          };
        },
        data: cells,
        encode: { x: [0, 2], y: [1, 3] },
      },
      {
        type: 'scatter',
        symbolSize: 6,
        itemStyle: { color: '#0f172a', borderColor: '#fff', borderWidth: 1 },
        // Up to 2,000 shapes: drawn 200 a frame past 400 rather than in one long task.
        progressive: 200,
        progressiveThreshold: 400,
        data: pts.map((p) => [fromUnit(x, p.u), fromUnit(y, p.v), p.z, p.n]),
      },
    ],
    aria: { enabled: true, label: { description: t('charts.contourAria', { objective: metricName(input.objective.name), x: x.name, y: y.name, count: pts.length }) } },
  };
}
