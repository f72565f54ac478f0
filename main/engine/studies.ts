/**
 * Study handlers: thin wiring of the API to main/study (validation, ask/tell,
 * the background runner) and the store. One runner per study, in one process
 * at a time (the store's claim); ask/tell on a study this process runs go
 * through the runner's state so its in-memory history stays exact.
 */
import { availableParallelism } from 'node:os';
import { ApiError } from '../api/errors.ts';
import { type ExportResult, type ParsedParams, type Results } from '../api/contract.ts';
import type { StudyRow } from '../../db/store.ts';
import { liveOwnerIds } from '../run/ownership.ts';
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
import { findDataset, type JobContext } from '../run/context.ts';
import { assertStudyAllowed } from '../run/path-policy.ts';

type Deps = { exportRun(p: ParsedParams<'runs.export'>): Promise<ExportResult> };

export function studyHandlers(ctx: JobContext, deps: Deps) {
  const store = ctx.store;
  const runners = new Map<string, { runner: StudyRunner; state: StudyState }>();
  /** Studies whose start is under way (between the request and the runner's first trial). */
  const starting = new Set<string>();

  const row = async (studyId: string): Promise<StudyRow> => {
    const r = await store.studies.get(studyId);
    if (!r) throw new ApiError('not_found', `No study with id '${studyId}'.`);
    return r;
  };
  const infos = async (rows: StudyRow[]) => {
    const live = await liveOwnerIds(store);
    return Promise.all(rows.map((r) => studyInfo(store, r, runners.has(r.id), live)));
  };
  const info = async (r: StudyRow) => (await infos([r]))[0];
  const stateOf = async (studyId: string): Promise<StudyState> => runners.get(studyId)?.state ?? StudyState.load(store, await row(studyId));
  const directions = (r: StudyRow) => (r.objectives as { direction: 'minimize' | 'maximize' }[]).map((o) => o.direction);

  async function create({ config }: ParsedParams<'studies.create'>): Promise<Results['studies.create']> {
    const valid = validateStudy(config);
    assertStudyAllowed(ctx.paths, valid.kind, 'create this study');
    let datasetId: string | null = null;
    let datasetName = '';
    if (valid.kind === 'train') {
      const dataset = await findDataset(ctx, config.datasetId as string);
      datasetId = dataset.id;
      datasetName = dataset.name;
      checkTrialConfigs({ ...valid.config, datasetId }, valid.space, dataset);
    }
    const stored = { ...valid.config, ...(datasetId ? { datasetId } : {}) };
    const id = newId('study');
    await store.studies.insert({
      id, name: config.name ?? (datasetName ? `${valid.sampler.name} on ${datasetName}` : `${valid.sampler.name} study`), datasetId,
      status: 'idle', directions: valid.objectives.map((o) => o.direction), objectives: valid.objectives, sampler: valid.sampler,
      pruner: valid.pruner, space: valid.config.space, config: stored, seed: valid.config.seed, ownerId: null,
      createdAt: new Date().toISOString(), finishedAt: null,
    });
    return info(await row(id));
  }

  async function start({ studyId, workers }: ParsedParams<'studies.start'>): Promise<Results['studies.start']> {
    const r = await row(studyId);
    if (runners.has(studyId) || starting.has(studyId) || (await info(r)).status === 'running') throw new ApiError('conflict', `Study '${r.name}' is already running.`);
    starting.add(studyId);
    try {
      const state = await StudyState.load(store, r);
      assertStudyAllowed(ctx.paths, state.valid.kind, `start study '${r.name}'`);
      const n = workers ?? state.valid.config.workers ?? availableParallelism();
      const runner = await launchStudy(ctx, state, n, () => runners.delete(studyId));
      runners.set(studyId, { runner, state });
    } finally {
      starting.delete(studyId);
    }
    return { started: true, studyId };
  }

  async function detail(studyId: string): Promise<Results['studies.get']> {
    const r = await row(studyId);
    const dirs = directions(r);
    const lite = await store.trials.lite(studyId);
    const rows = async (numbers: number[]) => Promise.all(numbers.map(async (n) => (await store.trials.get(studyId, n))!));
    const front = paretoTrials(lite, dirs).map((t) => t.number);
    const best = dirs.length === 1 ? front : rankTrials(lite, dirs).filter((t) => front.includes(t.number)).map((t) => t.number);
    return { study: await info(r), best: await rows(best), paretoFront: await rows(front), epochsTrained: await store.trials.epochsTrained(studyId) };
  }

  return {
    'studies.create': create,
    'studies.list': async ({ offset, limit, search }: ParsedParams<'studies.list'>): Promise<Results['studies.list']> => {
      const page = await store.studies.list({ offset, limit, search });
      return { total: page.total, items: await infos(page.items) };
    },
    'studies.get': ({ studyId }: ParsedParams<'studies.get'>) => detail(studyId),
    'studies.trials': async ({ studyId, ...q }: ParsedParams<'studies.trials'>): Promise<Results['studies.trials']> => {
      await row(studyId);
      return store.trials.list(studyId, q);
    },
    'studies.start': start,
    'studies.stop': async ({ studyId, cancelRunning }: ParsedParams<'studies.stop'>): Promise<Results['studies.stop']> => {
      await row(studyId);
      const active = runners.get(studyId);
      active?.runner.stop(cancelRunning);
      return { stopped: Boolean(active) };
    },
    'studies.ask': async ({ studyId }: ParsedParams<'studies.ask'>): Promise<Results['studies.ask']> => {
      const state = await stateOf(studyId);
      const trial = await state.ask();
      ctx.emit('study.event', { type: 'trial-started', studyId, number: trial.number, params: trial.params, runId: null, worker: null });
      return trial;
    },
    'studies.tell': async ({ studyId, number, values, state: wanted, error }: ParsedParams<'studies.tell'>): Promise<Results['studies.tell']> => {
      const state = await stateOf(studyId);
      const r = await state.tell(number, { state: wanted, values: values ?? null, error: error ?? null });
      if (r.state === 'complete') ctx.emit('study.event', { type: 'trial-completed', studyId, number, values: r.values!, isBest: state.isBest(number) });
      else if (r.state === 'pruned') ctx.emit('study.event', { type: 'trial-pruned', studyId, number, step: null });
      else ctx.emit('study.event', { type: 'trial-failed', studyId, number, error: r.error ?? 'failed' });
      return { number, state: r.state };
    },
    'studies.report': async ({ studyId, number, step, value }: ParsedParams<'studies.report'>): Promise<Results['studies.report']> => {
      const prune = await (await stateOf(studyId)).report(number, step, value);
      ctx.emit('study.event', { type: 'trial-reported', studyId, number, step, value });
      return { prune };
    },
    'studies.importance': async ({ studyId, objective }: ParsedParams<'studies.importance'>): Promise<Results['studies.importance']> => {
      const r = await row(studyId);
      const dirs = directions(r);
      if (objective >= dirs.length) throw new ApiError('invalid_argument', `Study '${r.name}' has ${dirs.length} objective(s); objective ${objective} does not exist.`);
      const state = await stateOf(studyId);
      const history = state.history();
      const result = pedAnovaImportance(state.valid.space, history, dirs, { objective });
      return {
        objective,
        trials: history.filter((t) => t.state === 'complete').length,
        importances: result.map((i) => ({ param: i.param, importance: i.share, divergence: i.divergence })),
      };
    },
    'studies.history': async ({ studyId, maxIntermediateTrials }: ParsedParams<'studies.history'>): Promise<Results['studies.history']> => {
      const r = await row(studyId);
      const dirs = directions(r);
      const lite = await store.trials.lite(studyId);
      const curves = await store.trials.intermediate(studyId, curveTrials(lite, dirs, maxIntermediateTrials));
      const stateOfTrial = new Map(lite.map((t) => [t.number, t.state]));
      return {
        objectives: (await info(r)).objectives,
        trials: bestSoFar(lite.filter((t) => t.state !== 'running'), dirs),
        intermediate: [...curves].map(([number, c]) => ({ number, state: stateOfTrial.get(number)!, steps: c.steps, values: c.values })),
        timeline: timeline(lite),
      };
    },
    'studies.exportBest': async ({ studyId, outDir, number, format, withPreprocessing }: ParsedParams<'studies.exportBest'>): Promise<Results['studies.exportBest']> => {
      const r = await row(studyId);
      const pick = number ?? (await detail(studyId)).best[0]?.number;
      if (pick === undefined) throw new ApiError('conflict', `Study '${r.name}' has no complete trial yet.`);
      const trial = await store.trials.get(studyId, pick);
      if (!trial) throw new ApiError('not_found', `Study '${r.name}' has no trial ${pick}.`);
      if (!trial.runId) throw new ApiError('conflict', `Trial ${pick} has no trained model (only training studies keep models).`);
      const exported = await deps.exportRun({ runId: trial.runId, outDir, format, withPreprocessing });
      return { ...exported, number: pick, runId: trial.runId };
    },
    'studies.update': async ({ studyId, name, space, sampler, pruner, nTrials, workers }: ParsedParams<'studies.update'>): Promise<Results['studies.update']> => {
      const r = await row(studyId);
      const changesSearch = space !== undefined || sampler !== undefined || pruner !== undefined;
      if (changesSearch && runners.has(studyId)) throw new ApiError('conflict', `Study '${r.name}' is running; stop it before changing its space, sampler or pruner.`);
      const before = await StudyState.load(store, r);
      const config = { ...before.valid.config, ...(space ? { space } : {}), ...(sampler ? { sampler } : {}), ...(pruner ? { pruner } : {}),
        ...(nTrials ? { nTrials } : {}), ...(workers ? { workers } : {}), ...(name ? { name } : {}) };
      const after = validateStudy(config);
      assertStudyAllowed(ctx.paths, after.kind, `change study '${r.name}'`);
      if (after.kind === 'train' && space) checkTrialConfigs(after.config, after.space, await findDataset(ctx, after.config.datasetId as string));
      const warnings = [...updateWarnings(before.valid, after, before.history()), ...after.warnings];
      await store.studies.update(studyId, { name, config: after.config, space: after.config.space, sampler: after.sampler, pruner: after.pruner });
      return { study: await info(await row(studyId)), warnings };
    },
    'studies.delete': async ({ studyId }: ParsedParams<'studies.delete'>): Promise<Results['studies.delete']> => {
      const r = await row(studyId);
      if (runners.has(studyId) || (await info(r)).status === 'running') throw new ApiError('conflict', `Study '${r.name}' is running; stop it first.`);
      await store.studies.delete(studyId);
      return { deleted: true as const };
    },
    /** Shutdown, first phase: no runner starts another trial. */
    haltAll: (): void => {
      for (const { runner } of runners.values()) runner.stop(false);
    },
    /**
     * Shutdown, second phase (after the run launcher interrupted the training
     * runs): stops what is left (command trials) as interrupted and waits for
     * every runner to store its end.
     */
    stopAll: async (): Promise<void> => {
      const all = [...runners.values()];
      if (all.length === 0) return;
      for (const { runner } of all) runner.stop(true, 'the process running the study stopped');
      // Bound the wait, and clear the bound: a pending timer would keep the process alive 10 s after close().
      let timer: NodeJS.Timeout | undefined;
      const bound = new Promise((r) => (timer = setTimeout(r, 10_000)));
      await Promise.race([Promise.all(all.map(({ runner }) => runner.done)), bound]);
      clearTimeout(timer);
    },
  };
}
