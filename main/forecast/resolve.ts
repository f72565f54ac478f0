/**
 * runs.forecast's checks against the run's facts, before any worker starts
 * (pure): only a forecasting series run, a split that has windows, windows
 * that exist in it, and either windows or count/pick. Each refusal says why
 * and what to do instead.
 */
import { ApiError } from '../api/errors.ts';
import type { DatasetMeta } from '../api/schemas.ts';
import type { ExplainSplit } from '../explain/request.ts';
import { DEFAULT_FORECAST_COUNT, type ForecastPick, type ForecastWindowsRequest } from './request.ts';

/** Which windows to draw: named ones, or `count` picked by `pick` once the split's errors are known. */
export type ForecastSelection = { windows: number[] } | { count: number; pick: ForecastPick };

const SPLIT_NAME: Record<ExplainSplit, string> = { val: 'validation', test: 'test' };

/** Refuses a run (or an ensemble: `what` 'Ensemble') that forecasts nothing: one on a table, images, texts, or a series classifier. */
export function checkForecasting(model: { name: string }, meta: DatasetMeta, what: 'Run' | 'Ensemble' = 'Run'): void {
  const series = meta.info?.series;
  if (!series) throw new ApiError('invalid_argument', `${what} '${model.name}' was trained on '${meta.name}', which is not a time series; forecasts are drawn for models of series datasets.`);
  if (meta.task !== 'regression' || series.horizon === 0) {
    throw new ApiError('invalid_argument', `${what} '${model.name}' classifies windows of '${meta.name}' (label '${series.target}'); it forecasts nothing. Forecasts are drawn for series imported with a target and a horizon.`);
  }
}

export function resolveForecast(req: ForecastWindowsRequest, datasetName: string, splitSize: number): ForecastSelection {
  if (splitSize === 0) {
    throw new ApiError('invalid_argument', `the ${SPLIT_NAME[req.split]} split of '${datasetName}' has no windows${req.split === 'test' ? " (it was imported with test share 0); use split 'val'" : ''}`);
  }
  if (req.windows) {
    if (req.count !== undefined || req.pick !== undefined) throw new ApiError('invalid_argument', 'name windows, or ask for a count (and pick), not both');
    const outside = req.windows.find((w) => w >= splitSize);
    if (outside !== undefined) throw new ApiError('invalid_argument', `window ${outside} is outside the ${SPLIT_NAME[req.split]} split, which has ${splitSize} windows (0 to ${splitSize - 1})`);
    return { windows: [...new Set(req.windows)] };
  }
  return { count: req.count ?? DEFAULT_FORECAST_COUNT, pick: req.pick ?? 'spread' };
}
