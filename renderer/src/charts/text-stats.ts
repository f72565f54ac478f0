/**
 * A text dataset at a glance (DatasetInfo.text.stats, computed at import): how
 * many words the rows have (a histogram, with the maxLength the model reads
 * marked), and how much of the text the k most frequent words cover.
 */
import type { EChartsOption } from 'echarts';
import type { TextInfo } from '../../../main/api/schemas.ts';
import { t } from '../i18n/index.ts';
import { formatInteger, formatPercent } from '../lib/format.ts';
import { axisStyle, baseOption, MUTED, PALETTE } from './theme.ts';

export function buildWordCountOption(stats: TextInfo['stats'], maxLength: number): EChartsOption {
  const bins = stats.words.histogram;
  const width = bins.length ? bins[0].upTo + 1 : 1;
  const labels = bins.map((b) => `${formatInteger(b.upTo + 1 - width)}–${formatInteger(b.upTo)}`);
  const cut = Math.min(bins.length - 1, Math.floor(maxLength / width));
  return {
    ...baseOption,
    tooltip: { trigger: 'axis' },
    grid: { left: 56, right: 16, top: 24, bottom: 56 },
    xAxis: { type: 'category', data: labels, name: t('charts.wordsPerRow'), nameLocation: 'middle', nameGap: 40, ...axisStyle },
    yAxis: { type: 'value', name: t('charts.rows'), ...axisStyle },
    series: [
      {
        type: 'bar',
        data: bins.map((b) => b.rows),
        itemStyle: { color: PALETTE[0] },
        markLine: { symbol: 'none', lineStyle: { color: PALETTE[1], type: 'dashed' }, label: { formatter: t('charts.maxLengthMark', { n: maxLength }) }, data: [{ xAxis: cut }] },
      },
    ],
  };
}

export function buildCoverageOption(coverage: TextInfo['stats']['coverage']): EChartsOption {
  return {
    ...baseOption,
    tooltip: { trigger: 'axis', formatter: (ps: any) => { const p = Array.isArray(ps) ? ps[0] : ps; return t('charts.coverageTip', { top: p.name, share: formatPercent(p.value) }); } },
    grid: { left: 56, right: 16, top: 24, bottom: 48 },
    xAxis: { type: 'category', data: coverage.map((c) => formatInteger(c.top)), name: t('charts.topWords'), nameLocation: 'middle', nameGap: 32, ...axisStyle },
    yAxis: { type: 'value', min: 0, max: 1, axisLabel: { ...axisStyle.axisLabel, formatter: (v: number) => formatPercent(v, 0) }, axisLine: axisStyle.axisLine, splitLine: axisStyle.splitLine },
    series: [{ type: 'line', data: coverage.map((c) => c.share), itemStyle: { color: PALETTE[2] }, lineStyle: { color: PALETTE[2] }, areaStyle: { color: MUTED, opacity: 0.15 } }],
  };
}
