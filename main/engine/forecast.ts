/**
 * runs.forecast: a completed forecasting run's history, truth and prediction
 * over chosen windows of its validation or test split, with the split's error
 * per horizon step. Checked here (main/forecast/resolve.ts: clear refusals
 * before any worker starts), computed in an explain worker (main/forecast/job.ts
 * there: it loads the run's model like an explanation does), not stored: it is
 * one pass of predictions over the split.
 */
import { ApiError } from '../api/errors.ts';
import type { ParsedParams } from '../api/contract.ts';
import { forecastInWorker } from '../explain/thread.ts';
import type { ForecastJobInput } from '../forecast/job.ts';
import { checkForecasting, resolveForecast } from '../forecast/resolve.ts';
import type { ForecastResult } from '../forecast/types.ts';
import { findDataset, type JobContext } from '../run/context.ts';
import { datasetFilesDir, runFilesDir } from '../storage/artifacts.ts';
import { readRecipeFile, readSplitFile } from '../train/artifacts.ts';
import { getRun } from './runs.ts';

export function forecastHandlers(ctx: JobContext, opts: { backend?: string[] } = {}) {
  return {
    'runs.forecast': async (req: ParsedParams<'runs.forecast'>): Promise<ForecastResult> => {
      const run = await getRun(ctx, req.runId);
      const dataset = await findDataset(ctx, run.datasetId);
      checkForecasting(run, dataset);
      if (run.status !== 'completed') {
        throw new ApiError('conflict', `Run '${run.name}' is ${run.status}: only a completed run keeps a model to forecast with${run.status === 'running' || run.status === 'queued' ? '; ask again once it has completed' : ''}.`);
      }
      const runDir = await runFilesDir(ctx, run.id);
      if (!runDir) throw new ApiError('not_found', `Run '${run.name}' has no stored model.`);
      const split = readSplitFile(runDir);
      const selection = resolveForecast(req, dataset.name, split[req.split].length);
      const input: ForecastJobInput = {
        runId: run.id, modelDir: runDir, datasetDir: await datasetFilesDir(ctx, dataset), meta: dataset,
        recipe: readRecipeFile(runDir), split, which: req.split, selection,
      };
      return forecastInWorker(input, { backend: opts.backend, signal: ctx.closing });
    },
  };
}
