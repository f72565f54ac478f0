/** One metric of several runs overlaid, e.g. validation accuracy of run A vs run B. */
import type { EChartsOption } from 'echarts';
import type { MetricPoint } from '../../../main/api/schemas.ts';
import { buildLossCurveOption } from './loss-curve.ts';
import type { XY } from './downsample.ts';

export type CompareRun = { name: string; points: readonly MetricPoint[] };

export function buildCompareOption(runs: readonly CompareRun[], metric: string, split: MetricPoint['split'] = 'val'): EChartsOption {
  const series = runs.map((run) => ({
    name: run.name,
    data: run.points
      .filter((p) => p.name === metric && p.split === split && Number.isFinite(p.value))
      .map((p): XY => [p.epoch, p.value])
      .sort((a, b) => a[0] - b[0]),
  }));
  const option = buildLossCurveOption(series, { title: `${split} ${metric}`, yName: metric });
  // Every run is drawn solid; the run name (not the split) distinguishes lines here.
  const lines = (option.series as { lineStyle?: object }[]).map((s) => ({ ...s, lineStyle: { width: 2, type: 'solid' } }));
  return { ...option, series: lines as EChartsOption['series'] };
}

/** Run names can repeat; suffix duplicates so legends stay unambiguous. */
export function uniqueNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n) => {
    const k = (seen.get(n) ?? 0) + 1;
    seen.set(n, k);
    return k === 1 ? n : `${n} (${k})`;
  });
}
