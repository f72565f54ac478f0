/**
 * A forecasting run's forecasts over chosen windows of its validation or test
 * split (runs.forecast): plain data, in the target's units. The contract and
 * the renderer import this file.
 */
import type { ExplainSplit } from '../explain/request.ts';

/** One window: what the model read of the target, what came, and what it forecast. */
export type ForecastWindow = {
  /** Position in the split (0-based, time order within each series). */
  index: number;
  /** The series' id ('' when the dataset holds one series) and when that series starts. */
  series: string;
  seriesStart: string;
  /** Step of the series (0-based) where the lookback starts; the horizon starts `lookback` steps later. */
  step: number;
  /** The target over the lookback (the model also read the other value columns, if any). */
  history: number[];
  truth: number[];
  prediction: number[];
  /** Mean absolute error over the horizon. */
  mae: number;
};

export type RankedWindow = { index: number; mae: number };

export type ForecastResult = {
  /** The model that forecast: a run (runs.forecast) or an ensemble's merged model (ensembles.forecast). */
  source: { kind: 'run' | 'ensemble'; id: string };
  split: ExplainSplit;
  target: string;
  lookback: number;
  horizon: number;
  /** Windows in the split. */
  total: number;
  windows: ForecastWindow[];
  /** Mean absolute error over every window of the split, per horizon step (h = 1 … horizon), and over all steps. */
  maeByStep: number[];
  mae: number;
  /** The split's windows with the smallest and the largest error (FORECAST_RANKED_WINDOWS each). */
  best: RankedWindow[];
  worst: RankedWindow[];
};
