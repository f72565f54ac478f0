/**
 * The forecasts of a stored forecasting run (or ensemble) over one split, on the current
 * thread's tfjs backend (the explain worker runs it; never the engine's
 * thread): every window of the split predicted in batches with the run's own
 * recipe, the outputs mapped back to the target's units (y = y'·scale + center,
 * as evaluation does), the errors per window and per horizon step, and the
 * chosen windows with their history, truth and prediction.
 */
import { ApiError } from '../api/errors.ts';
import type { DatasetMeta, PreprocessRecipe } from '../api/schemas.ts';
import { PREDICT_BATCH } from '../ensemble/predict.ts';
import type { ExplainSplit } from '../explain/request.ts';
import { applyInputs } from '../data/prepare.ts';
import { unscaleTargets } from '../data/preprocess.ts';
import { windowPlaces } from '../data/series/windows.ts';
import { loadDatasetFiles } from '../data/store.ts';
import { FORECAST_RANKED_WINDOWS } from '../limits.ts';
import { loadModelFiles } from '../model/io.ts';
import type { StoredSplit } from '../train/artifacts.ts';
import { gatherRows } from '../train/batches.ts';
import { predictRows } from '../train/evaluate.ts';
import { forecastErrors, spreadWindows, windowsByError } from './errors.ts';
import type { ForecastSelection } from './resolve.ts';
import type { ForecastResult, ForecastWindow } from './types.ts';

/** What the worker is sent: the checked request (resolve.ts) and where the model's files are (a run's, or an ensemble's merged model with recipe null). */
export type ForecastJobInput = {
  source: ForecastResult['source'];
  modelDir: string;
  datasetDir: string;
  meta: DatasetMeta;
  recipe: PreprocessRecipe | null;
  split: StoredSplit;
  which: ExplainSplit;
  selection: ForecastSelection;
};

export async function runForecastJob(input: ForecastJobInput): Promise<ForecastResult> {
  const { meta, recipe } = input;
  const info = meta.info?.series;
  if (!info || info.horizon === 0) throw new ApiError('invalid_argument', `dataset '${meta.name}' is not a forecasting series`);
  const { lookback, horizon } = info;
  const values = info.valueColumns.length;
  const data = loadDatasetFiles(input.datasetDir);
  const rows = Int32Array.from(input.split[input.which]);
  const n = rows.length;
  const model = await loadModelFiles(input.modelDir);
  let outputs: Float32Array;
  try {
    const x = applyInputs(recipe, data, meta.inputShape, rows);
    const predicted = predictRows(model, x, meta.inputShape, Int32Array.from({ length: n }, (_, i) => i), PREDICT_BATCH);
    if (predicted.units !== horizon) throw new ApiError('internal', `the model gives ${predicted.units} outputs for a horizon of ${horizon} steps`);
    outputs = recipe?.target ? unscaleTargets(recipe.target, predicted.values) : predicted.values;
  } finally {
    model.dispose();
  }
  const truth = gatherRows(data.y, horizon, rows, 0, n);
  const errors = forecastErrors(truth, outputs, horizon);
  const ranked = windowsByError(errors.byWindow);
  const rank = (positions: number[]) => positions.map((index) => ({ index, mae: errors.byWindow[index] }));
  const places = windowPlaces(info);
  const drawn = chosenWindows(input.selection, n, ranked);
  const windows = drawn.map((index): ForecastWindow => {
    const row = rows[index];
    const place = places[row];
    const s = info.series[place.series];
    return {
      index,
      series: s.id,
      seriesStart: s.start,
      step: place.start,
      // The target is the first value column of a forecasting series' inputs (series-csv.ts).
      history: Array.from({ length: lookback }, (_, l) => data.x[(row * lookback + l) * values]),
      truth: Array.from(truth.subarray(index * horizon, (index + 1) * horizon)),
      prediction: Array.from(outputs.subarray(index * horizon, (index + 1) * horizon)),
      mae: errors.byWindow[index],
    };
  });
  return {
    source: input.source,
    split: input.which,
    target: info.target,
    lookback,
    horizon,
    total: n,
    windows,
    maeByStep: Array.from(errors.byStep),
    mae: errors.overall,
    best: rank(ranked.slice(0, FORECAST_RANKED_WINDOWS)),
    worst: rank(ranked.slice(-FORECAST_RANKED_WINDOWS).reverse()),
  };
}

function chosenWindows(selection: ForecastSelection, total: number, ranked: number[]): number[] {
  if ('windows' in selection) return selection.windows;
  if (selection.pick === 'best') return ranked.slice(0, selection.count);
  if (selection.pick === 'worst') return ranked.slice(-selection.count).reverse();
  return spreadWindows(total, selection.count);
}
