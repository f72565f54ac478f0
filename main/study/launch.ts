/**
 * Starts a study's runner inside the engine: picks the executor for its kind
 * (train → TrainerPool runs, command → the user's program), marks the study
 * running with this process's pid, and on the end stores the final status and
 * announces 'study-finished'.
 */
import { ApiError } from '../api/errors.ts';
import type { StudyStore } from '../../db/studies.ts';
import { loadDatasetFiles } from '../data/store.ts';
import type { EngineContext } from '../engine/context.ts';
import { findDataset } from '../engine/datasets.ts';
import type { MetricObjective } from './config.ts';
import { createCommandExecutor } from './command-trial.ts';
import type { TrialExecutor } from './executor.ts';
import { StudyRunner } from './runner.ts';
import type { StudyState } from './study-state.ts';
import { createTrainExecutor } from './trial-train.ts';

export function executorFor(ctx: EngineContext, state: StudyState): TrialExecutor {
  const { config, kind } = state.valid;
  if (kind === 'command') return createCommandExecutor(config.command!, { id: state.id, nObjectives: config.objectives.length });
  if (kind === 'external') throw new ApiError('conflict', `Study '${state.row.name}' has value objectives: its trials come from ask/tell, there is nothing to run.`);
  const dataset = findDataset(ctx, config.datasetId as string);
  // Loaded once for the whole study; each trial's worker gets its own copy through the pool.
  const data = loadDatasetFiles(dataset.dir);
  const metrics = config.objectives.map((o) => (o.kind === 'metric' ? o.metric : 'val_loss')) as MetricObjective[];
  return createTrainExecutor(ctx, { id: state.id, name: state.row.name, config, metrics }, dataset, data);
}

export function launchStudy(ctx: EngineContext, store: StudyStore, state: StudyState, workers: number, onEnd: () => void): StudyRunner {
  const executor = executorFor(ctx, state);
  const runner = new StudyRunner({
    state, store, executor, workers, nTrials: state.valid.config.nTrials,
    emit: (event) => ctx.emit('study.event', event),
  });
  store.studies.update(state.id, { status: 'running', runnerPid: process.pid, finishedAt: null });
  void runner.done.then((status) => {
    try {
      const stored = status === 'finished' ? 'finished' : 'stopped';
      store.studies.update(state.id, { status: stored, runnerPid: null, finishedAt: status === 'finished' ? new Date().toISOString() : null });
      ctx.emit('study.event', { type: 'study-finished', studyId: state.id, status: stored, counts: store.trials.counts(state.id) });
    } catch {
      // The database closed with the engine; the study will show as interrupted and can be resumed.
    } finally {
      onEnd();
    }
  });
  runner.start();
  return runner;
}
