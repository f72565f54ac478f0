/**
 * runs.forecast (and ensembles.forecast, for an ensemble's merged model): a completed forecasting run's history, truth and prediction
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
import { readInputRecipe, readRecipeFile, readSplitFile, type StoredSplit } from '../train/artifacts.ts';
import type { PreprocessRecipe } from '../api/schemas.ts';
import type { StoredDataset } from '../../db/store.ts';
import type { ForecastWindowsRequest } from '../forecast/request.ts';
import { ensembleDir } from '../ensemble/job/runner.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { getRun } from './runs.ts';

export function forecastHandlers(ctx: JobContext, opts: { backend?: string[] } = {}) {
  /** The checked window choice over `split`, forecast in an explain worker by the model in `modelDir`. */
  async function forecast(source: ForecastResult['source'], modelDir: string, dataset: StoredDataset, split: StoredSplit, recipe: PreprocessRecipe | null, req: ForecastWindowsRequest) {
    const selection = resolveForecast(req, dataset.name, split[req.split].length);
    const input: ForecastJobInput = { source, modelDir, datasetDir: await datasetFilesDir(ctx, dataset), meta: dataset, recipe, split, which: req.split, selection };
    return forecastInWorker(input, { backend: opts.backend, signal: ctx.closing });
  }

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
      return forecast({ kind: 'run', id: run.id }, runDir, dataset, readSplitFile(runDir), readRecipeFile(runDir), req);
    },
    /** The same for an ensemble of forecasting runs: its merged model on raw windows, over the members' shared split. */
    'ensembles.forecast': async (req: ParsedParams<'ensembles.forecast'>): Promise<ForecastResult> => {
      const e = await ctx.store.ensembles.get(req.ensembleId);
      if (!e) throw new ApiError('not_found', `No ensemble with id '${req.ensembleId}'.`);
      if (!e.datasetId) throw new ApiError('conflict', `Ensemble '${e.name}' lost its dataset; its windows cannot be read.`);
      const dataset = await findDataset(ctx, e.datasetId);
      checkForecasting(e, dataset, 'Ensemble');
      if (e.status !== 'completed') throw new ApiError('conflict', `Ensemble '${e.name}' is ${e.status}: only a completed ensemble has a merged model to forecast with.`);
      const dir = await ctx.artifacts.local('ensemble', e.id, ensembleDir(ctx.home, e.id));
      if (!existsSync(join(dir, 'model.json'))) throw new ApiError('not_found', `Ensemble '${e.name}' has no stored model.`);
      // Members share one split (plan.ts checks it); any member's split.json holds it.
      const memberDirs = await Promise.all(e.members.filter((m) => m.runId).map((m) => runFilesDir(ctx, m.runId as string)));
      const memberDir = memberDirs.find((d) => d && existsSync(join(d, 'split.json')));
      if (!memberDir) throw new ApiError('conflict', `Ensemble '${e.name}' lost its member runs; its split cannot be read.`);
      return forecast({ kind: 'ensemble', id: e.id }, dir, dataset, readSplitFile(memberDir), readInputRecipe(dir), req);
    },
  };
}
