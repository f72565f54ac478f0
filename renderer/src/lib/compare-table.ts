/**
 * The Compare screen's tables: final metrics with the best value per row marked
 * (only between comparable runs), whether the runs are comparable at all, and
 * the config differences in human terms.
 */
import type { RunRecord, Task } from '../../../main/api/schemas.ts';
import { t } from '../i18n/index.ts';
import { formatNumber } from './format.ts';

export type MetricRow = { key: string; split: string; metric: string; values: (number | null)[]; best: number | null };

const LOWER_IS_BETTER = new Set(['loss', 'mse', 'mae']);

/** `best` stays null on every row when the runs are not comparable (different datasets or tasks). */
export function metricRows(runs: readonly Pick<RunRecord, 'metrics'>[], opts: { comparable?: boolean } = {}): MetricRow[] {
  const comparable = opts.comparable ?? true;
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
      return { key: `${split} ${metric}`, split, metric, values, best: comparable ? bestIndex(values, LOWER_IS_BETTER.has(metric)) : null };
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

/** A run's task: its dataset's when known (the dataset may be deleted), else read from its metrics. */
export function runTask(run: RunRecord, datasetTask: Task | undefined): Task {
  if (datasetTask) return datasetTask;
  const names = Object.keys(run.metrics.val ?? run.metrics.test ?? {});
  return names.includes('r2') || names.includes('mse') ? 'regression' : 'classification';
}

export type Comparability = { comparable: boolean; warnings: string[] };

/**
 * Runs on different datasets or tasks: their metrics measure different things,
 * so "better" would be meaningless. The screen warns and marks no best value.
 */
export function comparability(runs: readonly RunRecord[], taskOf: (datasetId: string) => Task | undefined): Comparability {
  const warnings: string[] = [];
  const datasets = new Map(runs.map((r) => [r.datasetId, r.datasetName]));
  if (datasets.size > 1) warnings.push(t('compare.differentDatasets', { count: datasets.size, names: [...datasets.values()].join(t('common.listSeparator')) }));
  const tasks = new Set(runs.map((r) => runTask(r, taskOf(r.datasetId))));
  if (tasks.size > 1) warnings.push(t('compare.mixedTasks'));
  return { comparable: warnings.length === 0, warnings };
}

export type DiffRow = { path: string; label: string; values: string[] };

/** Config paths shown by their meaning rather than their storage key. */
const PATH_LABELS: Record<string, string> = { datasetId: 'dataset' };

/** The engine's config diff with readable values: dataset names for ids, '—' for missing, rounded numbers. */
export function configDiffRows(diff: readonly { path: string; values: readonly unknown[] }[], runs: readonly RunRecord[]): DiffRow[] {
  const datasetNames = new Map(runs.map((r) => [r.datasetId, r.datasetName]));
  return diff.map((d) => ({
    path: d.path,
    label: PATH_LABELS[d.path] ?? d.path,
    values: d.values.map((v) => (d.path === 'datasetId' && typeof v === 'string' ? (datasetNames.get(v) ?? v) : formatConfigValue(v))),
  }));
}

/** Compact text for a config value in the diff table. */
export function formatConfigValue(v: unknown): string {
  if (v === undefined || v === null) return '—';
  if (typeof v === 'number') return formatNumber(v, 6);
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.length === 0) return t('compare.emptyList');
  return JSON.stringify(v, (_k, x) => (typeof x === 'number' ? Number(formatNumber(x, 6)) : x));
}
