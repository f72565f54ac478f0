/**
 * Global feature importance as horizontal bars, largest on top: the mean
 * |attribution| of a local explanation (mean |SHAP|), or permutation importance
 * with its spread over repeats.
 */
import type { EChartsOption } from 'echarts';
import type { FeatureImportanceRow, LocalExplanationResult } from '../../../main/explain/request.ts';
import { formatNumber } from '../lib/format.ts';
import { escapeHtml } from './html.ts';
import { axisStyle, baseOption, PALETTE } from './theme.ts';

export type ImportanceItem = { feature: string; value: number; std?: number };

/** Mean |attribution| of each feature over the explained rows. */
export function meanAbsAttributions(result: Pick<LocalExplanationResult, 'features' | 'rows'>): ImportanceItem[] {
  const n = Math.max(1, result.rows.length);
  return result.features.map((feature, j) => ({ feature, value: result.rows.reduce((s, r) => s + Math.abs(r.attributions[j] ?? 0), 0) / n }));
}

export const permutationItems = (importances: readonly FeatureImportanceRow[]): ImportanceItem[] =>
  importances.map((i) => ({ feature: i.feature, value: i.mean, std: i.std }));

/** The largest `max` items, largest first. */
export function topItems(items: readonly ImportanceItem[], max: number): ImportanceItem[] {
  return [...items].sort((a, b) => b.value - a.value).slice(0, max);
}

export function buildImportanceOption(items: readonly ImportanceItem[], opts: { title: string; xName: string; maxBars?: number }): EChartsOption {
  // Category axes draw bottom-up: reverse so the largest bar is on top.
  const shown = topItems(items, opts.maxBars ?? 20).reverse();
  return {
    ...baseOption,
    title: { text: opts.title, left: 0, textStyle: { fontSize: 13, fontWeight: 600 } },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const item = shown[(p as { dataIndex: number }).dataIndex];
        return `${escapeHtml(item.feature)}: ${formatNumber(item.value)}${item.std !== undefined ? ` ± ${formatNumber(item.std)}` : ''}`;
      },
    },
    grid: { left: 8, right: 56, top: 36, bottom: 32, containLabel: true },
    xAxis: { type: 'value', name: opts.xName, nameLocation: 'middle', nameGap: 22, ...axisStyle },
    yAxis: { type: 'category', data: shown.map((i) => i.feature), ...axisStyle },
    series: [
      {
        type: 'bar',
        data: shown.map((i) => ({ value: i.value, itemStyle: { color: i.value >= 0 ? PALETTE[0] : PALETTE[8] } })),
        label: { show: true, position: 'right', formatter: (p: unknown) => {
          const item = shown[(p as { dataIndex: number }).dataIndex];
          return item.std !== undefined ? `±${formatNumber(item.std, 2)}` : '';
        } },
      },
    ],
  };
}
