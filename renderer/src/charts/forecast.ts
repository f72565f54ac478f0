/**
 * A forecasting run's forecasts (runs.forecast): one window's history, truth
 * and prediction over the series' steps, the horizon shaded; and the split's
 * mean absolute error per horizon step. Truth and prediction differ by more
 * than colour: truth is a solid line with round markers, the prediction a
 * dashed line with triangles; both start at the last history step so each
 * reads as a continuation of the history.
 */
import type { EChartsOption } from 'echarts';
import type { ForecastWindow } from '../../../main/forecast/types.ts';
import { t } from '../i18n/index.ts';
import { formatNumber } from '../lib/format.ts';
import { axisStyle, baseOption, PALETTE } from './theme.ts';

const valueFormatter = (v: unknown) => (typeof v === 'number' ? formatNumber(v) : String(v ?? '—'));

export function buildForecastOption(window: ForecastWindow, target: string): EChartsOption {
  const L = window.history.length;
  const H = window.truth.length;
  // Category names are strings, so the horizon's mark area finds its steps by name, not by position.
  const steps = Array.from({ length: L + H }, (_, i) => String(window.step + i));
  const last = window.history[L - 1];
  const pad = (n: number) => new Array<number | null>(n).fill(null);
  const history = [...window.history, ...pad(H)];
  // The horizon lines start at the last history step, so they join the history instead of floating.
  const truth = [...pad(L - 1), last, ...window.truth];
  const prediction = [...pad(L - 1), last, ...window.prediction];
  return {
    ...baseOption,
    tooltip: { trigger: 'axis', valueFormatter },
    legend: { top: 0, right: 0 },
    grid: { left: 64, right: 16, top: 36, bottom: 40 },
    xAxis: { type: 'category', data: steps, name: t('charts.step'), nameLocation: 'middle', nameGap: 26, boundaryGap: false, ...axisStyle },
    yAxis: { type: 'value', name: target, scale: true, ...axisStyle },
    series: [
      {
        type: 'line', name: t('forecast.history'), data: history, showSymbol: false, connectNulls: false,
        lineStyle: { width: 1.5, color: PALETTE[8] }, itemStyle: { color: PALETTE[8] },
        markArea: { silent: true, label: { position: 'insideTop', fontSize: 10 }, data: [[{ name: t('charts.horizon'), xAxis: steps[L], itemStyle: { color: PALETTE[2], opacity: 0.12 } }, { xAxis: steps[L + H - 1] }]] as any },
      },
      {
        type: 'line', name: t('forecast.truth'), data: truth, connectNulls: false, symbol: 'circle', symbolSize: 6, showSymbol: true,
        lineStyle: { width: 2, type: 'solid', color: PALETTE[0] }, itemStyle: { color: PALETTE[0] },
      },
      {
        type: 'line', name: t('forecast.prediction'), data: prediction, connectNulls: false, symbol: 'triangle', symbolSize: 7, showSymbol: true,
        lineStyle: { width: 2, type: 'dashed', color: PALETTE[1] }, itemStyle: { color: PALETTE[1] },
      },
    ],
  };
}

/** One bar per horizon step h = 1 … H: the split's mean absolute error at that distance ahead. */
export function buildHorizonErrorOption(maeByStep: readonly number[]): EChartsOption {
  return {
    ...baseOption,
    tooltip: { trigger: 'axis', valueFormatter },
    grid: { left: 64, right: 16, top: 32, bottom: 40 },
    xAxis: { type: 'category', data: maeByStep.map((_, h) => `t+${h + 1}`), name: t('forecast.stepAhead'), nameLocation: 'middle', nameGap: 26, ...axisStyle },
    yAxis: { type: 'value', name: t('forecast.mae'), ...axisStyle },
    series: [{ type: 'bar', name: t('forecast.mae'), data: [...maeByStep], itemStyle: { color: PALETTE[4] } }],
  };
}
