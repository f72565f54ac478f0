/** Per-layer measures over the recorded epochs: gradient norms (log scale) and the share of dead or saturated units. */
import { t } from '../i18n/index.ts';
import type { EChartsOption } from 'echarts';
import type { EpochDiagnostics } from '../../../main/diagnose/types.ts';
import { formatNumber, formatPercent } from '../lib/format.ts';
import { axisStyle, baseOption } from './theme.ts';

type Line = { name: string; data: [number, number][] };

/** One line per layer of `pick`'s non-null values, layers in model order. */
export function layerLines(epochs: readonly EpochDiagnostics[], pick: (l: EpochDiagnostics['layers'][number]) => number | null, suffix = ''): Line[] {
  const lines = new Map<string, Line>();
  for (const d of epochs) {
    for (const l of d.layers) {
      const v = pick(l);
      if (v === null || !Number.isFinite(v)) continue;
      const key = `${l.layer}${suffix}`;
      if (!lines.has(key)) lines.set(key, { name: key, data: [] });
      lines.get(key)?.data.push([d.epoch, v]);
    }
  }
  return [...lines.values()];
}

function linesOption(title: string, lines: Line[], y: { log?: boolean; percent?: boolean }): EChartsOption {
  const log = y.log === true && lines.every((l) => l.data.every(([, v]) => v > 0));
  return {
    ...baseOption,
    title: { text: title, left: 0, textStyle: { fontSize: 13, fontWeight: 600 } },
    tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? (y.percent ? formatPercent(v, 0) : formatNumber(v)) : String(v)) },
    legend: { type: 'scroll', top: 22, left: 0, right: 0 },
    grid: { left: 56, right: 16, top: 56, bottom: 36 },
    xAxis: { type: 'value', name: t('charts.epoch'), nameLocation: 'middle', nameGap: 24, minInterval: 1, ...axisStyle },
    yAxis: y.percent
      ? { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => formatPercent(v, 0), color: axisStyle.axisLabel.color }, splitLine: axisStyle.splitLine }
      : { type: log ? 'log' : 'value', scale: !log, ...axisStyle },
    series: lines.map((l) => ({ name: l.name, type: 'line', showSymbol: l.data.length < 30, symbolSize: 4, data: l.data })),
  };
}

export const buildGradNormOption = (epochs: readonly EpochDiagnostics[]): EChartsOption =>
  linesOption(t('charts.gradNormByLayer'), layerLines(epochs, (l) => l.gradNorm), { log: true });

/** Dead ReLU units and saturated sigmoid/tanh units, per layer that has them. */
export const buildUnitHealthOption = (epochs: readonly EpochDiagnostics[]): EChartsOption =>
  linesOption(t('charts.unitHealth'), [...layerLines(epochs, (l) => l.deadFraction, t('charts.deadSuffix')), ...layerLines(epochs, (l) => l.saturatedFraction, t('charts.saturatedSuffix'))], { percent: true });
