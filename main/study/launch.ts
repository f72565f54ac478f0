/**
 * Starts a study's runner inside the engine: picks the executor for its kind
 * (train → runs through the run lifecycle, command → the user's program),
 * claims the study for this process (no other live process may run it at the
 * same time), and on the end stores the final status and announces
 * 'study-finished'.
 */
import { ApiError } from '../api/errors.ts';
import { loadDatasetFiles } from '../data/store.ts';
import { datasetFilesDir } from '../storage/artifacts.ts';
import { findDataset, jobOwner, type JobContext } from '../run/context.ts';
import { sweepOrphans } from '../run/ownership.ts';
import type { MetricObjective } from './config.ts';
import { createCommandExecutor } from './command-trial.ts';
import type { TrialExecutor } from './executor.ts';
import { StudyRunner } from './runner.ts';
import type { StudyState } from './study-state.ts';
import { createTrainExecutor } from './trial-train.ts';

export async function executorFor(ctx: JobContext, state: StudyState): Promise<TrialExecutor> {
  const { config, kind } = state.valid;
  if (kind === 'command') return createCommandExecutor(config.command!, { id: state.id, nObjectives: config.objectives.length });
  if (kind === 'external') throw new ApiError('conflict', `Study '${state.row.name}' has value objectives: its trials come from ask/tell, there is nothing to run.`);
  const dataset = await findDataset(ctx, config.datasetId as string);
  // Loaded once for the whole study; each trial's worker gets its own copy through the pool.
  const data = loadDatasetFiles(await datasetFilesDir(ctx, dataset));
  const metrics = config.objectives.map((o) => (o.kind === 'metric' ? o.metric : 'val_loss')) as MetricObjective[];
  return createTrainExecutor(ctx.launcher, { id: state.id, name: state.row.name, config, metrics }, dataset, data);
}

export async function launchStudy(ctx: JobContext, state: StudyState, workers: number, onEnd: () => void): Promise<StudyRunner> {
  const ownerId = jobOwner(ctx);
  const executor = await executorFor(ctx, state);
  // A dead process's claim must not block the resume: sweep first, then take the study atomically.
  await sweepOrphans(ctx.store);
  if (!(await ctx.store.studies.claim(state.id, ownerId))) {
    throw new ApiError('conflict', `Study '${state.row.name}' is already running in another Modelbench process.`);
  }
  const runner = new StudyRunner({
    state, store: ctx.store, ownerId, executor, workers, nTrials: state.valid.config.nTrials,
    emit: (event) => ctx.emit('study.event', event),
  });
  void runner.done.then(async (status) => {
    try {
      const stored = status === 'finished' ? 'finished' : 'stopped';
      await ctx.store.studies.update(state.id, { status: stored, finishedAt: status === 'finished' ? new Date().toISOString() : null });
      ctx.emit('study.event', { type: 'study-finished', studyId: state.id, status: stored, counts: await ctx.store.trials.counts(state.id) });
    } catch {
      // The store is unreachable; the sweep marks the study interrupted once this process is gone, and it can be resumed.
    } finally {
      onEnd();
    }
  });
  await runner.start();
  return runner;
}
