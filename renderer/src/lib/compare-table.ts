/** Rows of the Compare screen's final-metrics table, with the best value per row marked. */
import type { RunRecord } from '../../../main/api/schemas.ts';

export type MetricRow = { key: string; split: string; metric: string; values: (number | null)[]; best: number | null };

const LOWER_IS_BETTER = new Set(['loss', 'mse', 'mae']);

export function metricRows(runs: readonly RunRecord[]): MetricRow[] {
  const keys = new Set<string>();
  for (const r of runs) {
    for (const split of ['val', 'test', 'train'] as const) {
      for (const name of Object.keys(r.metrics[split] ?? {})) keys.add(`${split}\u0000${name}`);
    }
  }
  const order = ['val', 'test', 'train'];
  return [...keys]
    .map((k) => k.split('\u0000') as [string, string])
    .sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]) || a[1].localeCompare(b[1]))
    .map(([split, metric]) => {
      const values = runs.map((r) => {
        const v = (r.metrics as Record<string, Record<string, number> | undefined>)[split]?.[metric];
        return typeof v === 'number' && Number.isFinite(v) ? v : null;
      });
      return { key: `${split} ${metric}`, split, metric, values, best: bestIndex(values, LOWER_IS_BETTER.has(metric)) };
    });
}

function bestIndex(values: (number | null)[], lower: boolean): number | null {
  let best: number | null = null;
  values.forEach((v, i) => {
    if (v === null) return;
    if (best === null || (lower ? v < (values[best] as number) : v > (values[best] as number))) best = i;
  });
  return best;
}

/** Compact text for a config value in the diff table. */
export function formatConfigValue(v: unknown): string {
  if (v === undefined) return '—';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}
