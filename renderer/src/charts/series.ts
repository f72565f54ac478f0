/** Turns the engine's flat metric points into named curves. */
import { splitMetricName } from '../lib/metric-names.ts';
import type { MetricPoint } from '../../../main/api/schemas.ts';
import type { XY } from './downsample.ts';

export type CurveSeries = { name: string; split: MetricPoint['split']; metric: string; data: XY[] };

/** One series per (split, metric), sorted by epoch, named for the legend: "train loss", "val loss" (训练集 损失 …). */
export function groupMetricPoints(points: readonly MetricPoint[]): CurveSeries[] {
  const byKey = new Map<string, CurveSeries>();
  for (const p of points) {
    if (!Number.isFinite(p.value)) continue;
    const key = `${p.split} ${p.name}`;
    let s = byKey.get(key);
    if (!s) byKey.set(key, (s = { name: splitMetricName(p.split, p.name), split: p.split, metric: p.name, data: [] }));
    s.data.push([p.epoch, p.value]);
  }
  for (const s of byKey.values()) s.data.sort((a, b) => a[0] - b[0]);
  return [...byKey.values()];
}

/** Metric names present, loss first, then alphabetical. */
export function metricNames(points: readonly MetricPoint[]): string[] {
  const names = [...new Set(points.map((p) => p.name))].sort();
  return names.includes('loss') ? ['loss', ...names.filter((n) => n !== 'loss')] : names;
}

export function seriesForMetric(series: readonly CurveSeries[], metric: string): CurveSeries[] {
  return series.filter((s) => s.metric === metric);
}
