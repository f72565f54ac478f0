/**
 * Study handlers: thin wiring of the API to main/study (validation, ask/tell,
 * the background runner) and db/studies.ts (storage). One runner per study per
 * process; ask/tell on a study this process runs go through the runner's state
 * so its in-memory history stays exact.
 */
import { availableParallelism } from 'node:os';
import { ApiError } from '../api/errors.ts';
import { type ExportResult, type ParsedParams, type Results } from '../api/contract.ts';
import type { Db } from '../../db/database.ts';
import { createStudyStore, type StudyRow } from '../../db/studies.ts';
import { pedAnovaImportance } from '../tuner/importance/ped-anova.ts';
import { studyInfo } from '../study/info.ts';
import { launchStudy } from '../study/launch.ts';
import type { StudyRunner } from '../study/runner.ts';
import { StudyState } from '../study/study-state.ts';
import { bestSoFar, curveTrials, paretoTrials, rankTrials, timeline } from '../study/summary.ts';
import { checkTrialConfigs } from '../study/trial-config.ts';
import { updateWarnings } from '../study/update-warnings.ts';
import { validateStudy } from '../study/validate.ts';
import { newId } from '../util/ids.ts';
import type { EngineContext } from './context.ts';
import { findDataset } from './datasets.ts';
import { assertStudyAllowed } from './path-policy.ts';

type Deps = { db: Db; exportRun(p: ParsedParams<'runs.export'>): Promise<ExportResult> };

export function studyHandlers(ctx: EngineContext, deps: Deps) {
  const store = createStudyStore(deps.db);
  const runners = new Map<string, { runner: StudyRunner; state: StudyState }>();

  const row = (studyId: string): StudyRow => {
    const r = store.studies.get(studyId);
    if (!r) throw new ApiError('not_found', `No study with id '${studyId}'.`);
    return r;
  };
  const info = (r: StudyRow) => studyInfo(store, r, runners.has(r.id));
  const stateOf = (studyId: string): StudyState => runners.get(studyId)?.state ?? new StudyState(store, row(studyId));
  const directions = (r: StudyRow) => (r.objectives as { direction: 'minimize' | 'maximize' }[]).map((o) => o.direction);

  function create({ config }: ParsedParams<'studies.create'>): Results['studies.create'] {
    const valid = validateStudy(config);
    assertStudyAllowed(ctx.paths, valid.kind, 'create this study');
    let datasetId: string | null = null;
    let datasetName = '';
    if (valid.kind === 'train') {
      const dataset = findDataset(ctx, config.datasetId as string);
      datasetId = dataset.id;
      datasetName = dataset.name;
      checkTrialConfigs({ ...valid.config, datasetId }, valid.space, dataset);
    }
    const stored = { ...valid.config, ...(datasetId ? { datasetId } : {}) };
    const id = newId('study');
    store.studies.insert({
      id, name: config.name ?? (datasetName ? `${valid.sampler.name} on ${datasetName}` : `${valid.sampler.name} study`), datasetId,
      status: 'idle', directions: valid.objectives.map((o) => o.direction), objectives: valid.objectives, sampler: valid.sampler,
      pruner: valid.pruner, space: valid.config.space, config: stored, seed: valid.config.seed, runnerPid: null,
      createdAt: new Date().toISOString(), finishedAt: null,
    });
    return info(row(id));
  }

  function start({ studyId, workers }: ParsedParams<'studies.start'>): Results['studies.start'] {
    const r = row(studyId);
    if (runners.has(studyId) || info(r).status === 'running') throw new ApiError('conflict', `Study '${r.name}' is already running.`);
    const state = new StudyState(store, r);
    assertStudyAllowed(ctx.paths, state.valid.kind, `start study '${r.name}'`);
    const n = workers ?? state.valid.config.workers ?? availableParallelism();
    const runner = launchStudy(ctx, store, state, n, () => runners.delete(studyId));
    runners.set(studyId, { runner, state });
    return { started: true, studyId };
  }

  function detail(studyId: string): Results['studies.get'] {
    const r = row(studyId);
    const dirs = directions(r);
    const lite = store.trials.lite(studyId);
    const rows = (numbers: number[]) => numbers.map((n) => store.trials.get(studyId, n)!);
    const front = paretoTrials(lite, dirs).map((t) => t.number);
    const best = dirs.length === 1 ? front : rankTrials(lite, dirs).filter((t) => front.includes(t.number)).map((t) => t.number);
    return { study: info(r), best: rows(best), paretoFront: rows(front), epochsTrained: store.trials.epochsTrained(studyId) };
  }

  return {
    'studies.create': create,
    'studies.list': ({ offset, limit, search }: ParsedParams<'studies.list'>): Results['studies.list'] => {
      const page = store.studies.list({ offset, limit, search });
      return { total: page.total, items: page.items.map(info) };
    },
    'studies.get': ({ studyId }: ParsedParams<'studies.get'>) => detail(studyId),
    'studies.trials': ({ studyId, ...q }: ParsedParams<'studies.trials'>): Results['studies.trials'] => {
      row(studyId);
      return store.trials.list(studyId, q);
    },
    'studies.start': start,
    'studies.stop': ({ studyId, cancelRunning }: ParsedParams<'studies.stop'>): Results['studies.stop'] => {
      row(studyId);
      const active = runners.get(studyId);
      active?.runner.stop(cancelRunning);
      return { stopped: Boolean(active) };
    },
    'studies.ask': ({ studyId }: ParsedParams<'studies.ask'>): Results['studies.ask'] => {
      const state = stateOf(studyId);
      const trial = state.ask();
      ctx.emit('study.event', { type: 'trial-started', studyId, number: trial.number, params: trial.params, runId: null, worker: null });
      return trial;
    },
    'studies.tell': ({ studyId, number, values, state: wanted, error }: ParsedParams<'studies.tell'>): Results['studies.tell'] => {
      const state = stateOf(studyId);
      const r = state.tell(number, { state: wanted, values: values ?? null, error: error ?? null });
      if (r.state === 'complete') ctx.emit('study.event', { type: 'trial-completed', studyId, number, values: r.values!, isBest: state.isBest(number) });
      else if (r.state === 'pruned') ctx.emit('study.event', { type: 'trial-pruned', studyId, number, step: null });
      else ctx.emit('study.event', { type: 'trial-failed', studyId, number, error: r.error ?? 'failed' });
      return { number, state: r.state };
    },
    'studies.report': ({ studyId, number, step, value }: ParsedParams<'studies.report'>): Results['studies.report'] => {
      const prune = stateOf(studyId).report(number, step, value);
      ctx.emit('study.event', { type: 'trial-reported', studyId, number, step, value });
      return { prune };
    },
    'studies.importance': ({ studyId, objective }: ParsedParams<'studies.importance'>): Results['studies.importance'] => {
      const r = row(studyId);
      const dirs = directions(r);
      if (objective >= dirs.length) throw new ApiError('invalid_argument', `Study '${r.name}' has ${dirs.length} objective(s); objective ${objective} does not exist.`);
      const state = stateOf(studyId);
      const history = state.history();
      const result = pedAnovaImportance(state.valid.space, history, dirs, { objective });
      return {
        objective,
        trials: history.filter((t) => t.state === 'complete').length,
        importances: result.map((i) => ({ param: i.param, importance: i.share, divergence: i.divergence })),
      };
    },
    'studies.history': ({ studyId, maxIntermediateTrials }: ParsedParams<'studies.history'>): Results['studies.history'] => {
      const r = row(studyId);
      const dirs = directions(r);
      const lite = store.trials.lite(studyId);
      const curves = store.trials.intermediate(studyId, curveTrials(lite, dirs, maxIntermediateTrials));
      const stateOfTrial = new Map(lite.map((t) => [t.number, t.state]));
      return {
        objectives: info(r).objectives,
        trials: bestSoFar(lite.filter((t) => t.state !== 'running'), dirs),
        intermediate: [...curves].map(([number, c]) => ({ number, state: stateOfTrial.get(number)!, steps: c.steps, values: c.values })),
        timeline: timeline(lite),
      };
    },
    'studies.exportBest': async ({ studyId, outDir, number }: ParsedParams<'studies.exportBest'>): Promise<Results['studies.exportBest']> => {
      const r = row(studyId);
      const pick = number ?? detail(studyId).best[0]?.number;
      if (pick === undefined) throw new ApiError('conflict', `Study '${r.name}' has no complete trial yet.`);
      const trial = store.trials.get(studyId, pick);
      if (!trial) throw new ApiError('not_found', `Study '${r.name}' has no trial ${pick}.`);
      if (!trial.runId) throw new ApiError('conflict', `Trial ${pick} has no trained model (only training studies keep models).`);
      const exported = await deps.exportRun({ runId: trial.runId, outDir });
      return { ...exported, number: pick, runId: trial.runId };
    },
    'studies.update': ({ studyId, name, space, sampler, pruner, nTrials, workers }: ParsedParams<'studies.update'>): Results['studies.update'] => {
      const r = row(studyId);
      const changesSearch = space !== undefined || sampler !== undefined || pruner !== undefined;
      if (changesSearch && runners.has(studyId)) throw new ApiError('conflict', `Study '${r.name}' is running; stop it before changing its space, sampler or pruner.`);
      const before = new StudyState(store, r);
      const config = { ...before.valid.config, ...(space ? { space } : {}), ...(sampler ? { sampler } : {}), ...(pruner ? { pruner } : {}),
        ...(nTrials ? { nTrials } : {}), ...(workers ? { workers } : {}), ...(name ? { name } : {}) };
      const after = validateStudy(config);
      assertStudyAllowed(ctx.paths, after.kind, `change study '${r.name}'`);
      if (after.kind === 'train' && space) checkTrialConfigs(after.config, after.space, findDataset(ctx, after.config.datasetId as string));
      const warnings = [...updateWarnings(before.valid, after, before.history()), ...after.warnings];
      store.studies.update(studyId, { name, config: after.config, space: after.config.space, sampler: after.sampler, pruner: after.pruner });
      return { study: info(row(studyId)), warnings };
    },
    'studies.delete': ({ studyId }: ParsedParams<'studies.delete'>): Results['studies.delete'] => {
      const r = row(studyId);
      if (runners.has(studyId) || info(r).status === 'running') throw new ApiError('conflict', `Study '${r.name}' is running; stop it first.`);
      store.studies.delete(studyId);
      return { deleted: true as const };
    },
    /** Stops every runner (cancelling trials in flight, stored as interrupted) and waits for them: used on shutdown. */
    stopAll: async (): Promise<void> => {
      const all = [...runners.values()];
      if (all.length === 0) return;
      for (const { runner } of all) runner.stop(true);
      // Bound the wait, and clear the bound: a pending timer would keep the process alive 10 s after close().
      let timer: NodeJS.Timeout | undefined;
      const bound = new Promise((r) => (timer = setTimeout(r, 10_000)));
      await Promise.race([Promise.all(all.map(({ runner }) => runner.done)), bound]);
      clearTimeout(timer);
    },
  };
}
