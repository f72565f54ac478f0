/**
 * One series of a windowed dataset: its values over the steps, the training,
 * validation and test parts shaded (windows never cross them), and one example
 * window: the lookback a model reads and the horizon it forecasts.
 */
import type { EChartsOption } from 'echarts';
import type { SeriesLine } from '../../../main/data/series/reconstruct.ts';
import { t } from '../i18n/index.ts';
import { axisStyle, baseOption, PALETTE } from './theme.ts';

export function buildSeriesSplitOption(line: SeriesLine, lookback: number, horizon: number): EChartsOption {
  const steps = line.values.map((_, i) => i);
  const window = line.firstTestWindow;
  const areas: any[] = [
    [{ name: t('charts.partValidation'), xAxis: line.valStart, itemStyle: { color: PALETTE[3], opacity: 0.12 } }, { xAxis: line.testStart }],
    [{ name: t('charts.partTest'), xAxis: line.testStart, itemStyle: { color: PALETTE[1], opacity: 0.12 } }, { xAxis: line.values.length - 1 }],
  ];
  if (window !== null) {
    areas.push([{ name: t('charts.lookback'), xAxis: window, itemStyle: { color: PALETTE[4], opacity: 0.25 } }, { xAxis: window + lookback - 1 }]);
    if (horizon > 0) areas.push([{ name: t('charts.horizon'), xAxis: window + lookback, itemStyle: { color: PALETTE[2], opacity: 0.35 } }, { xAxis: window + lookback + horizon - 1 }]);
  }
  return {
    ...baseOption,
    tooltip: { trigger: 'axis' },
    grid: { left: 64, right: 16, top: 32, bottom: 40 },
    xAxis: { type: 'category', data: steps, name: t('charts.step'), nameLocation: 'middle', nameGap: 26, ...axisStyle },
    yAxis: { type: 'value', scale: true, ...axisStyle },
    dataZoom: [{ type: 'inside' }],
    series: [
      {
        type: 'line',
        name: line.id || t('charts.series'),
        data: line.values,
        showSymbol: false,
        connectNulls: false,
        sampling: 'lttb',
        lineStyle: { width: 1, color: PALETTE[0] },
        markArea: { silent: true, label: { position: 'insideTop', fontSize: 10 }, data: areas },
      },
    ],
  };
}
