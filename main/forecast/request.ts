/**
 * runs.forecast's request (zod, checked at the boundary): which split, and
 * either the windows by position in it or how many to pick and how (spread
 * evenly over the split, or the best / worst by error).
 */
import { z } from 'zod';
import { EXPLAIN_SPLITS } from '../explain/request.ts';
import { MAX_FORECAST_WINDOWS } from '../limits.ts';

export const FORECAST_PICKS = ['spread', 'best', 'worst'] as const;
export type ForecastPick = (typeof FORECAST_PICKS)[number];

/** Windows returned when the request names none. */
export const DEFAULT_FORECAST_COUNT = 10;

/** Which windows to draw, for a run (runs.forecast) or an ensemble (ensembles.forecast). */
const forecastWindows = {
  split: z.enum(EXPLAIN_SPLITS).default('test'),
  /** Windows by position in the split (0-based); not with count or pick. */
  windows: z.array(z.number().int().min(0).max(2 ** 31 - 1)).min(1).max(MAX_FORECAST_WINDOWS).optional(),
  count: z.number().int().min(1).max(MAX_FORECAST_WINDOWS).optional(),
  pick: z.enum(FORECAST_PICKS).optional(),
};

export const ForecastRequest = z.object({ runId: z.string().min(1).max(100), ...forecastWindows }).strict();
export type ForecastRequest = z.infer<typeof ForecastRequest>;

export const EnsembleForecastRequest = z.object({ ensembleId: z.string().min(1).max(100), ...forecastWindows }).strict();
export type EnsembleForecastRequest = z.infer<typeof EnsembleForecastRequest>;

/** The window choice of either request (resolve.ts reads only these). */
export type ForecastWindowsRequest = Omit<ForecastRequest, 'runId'>;
