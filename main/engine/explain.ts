/**
 * Explanation handlers: explanations of completed runs as jobs. runs.explain
 * checks the request against the run (resolveExplainSettings: clear refusals
 * before anything starts), answers with the stored result when one with the
 * same settings exists, else stores a 'running' explanation owned by this
 * process and computes it in a worker thread (main/explain/thread.ts), with
 * progress and the end announced as 'explanation.event'. runs.attention
 * answers one text row's attention maps from a short job in the same kind of
 * worker (not stored: it is one forward pass). The diagnose handlers
 * (diagnose.ts) and runs.forecast (forecast.ts) come along, so the engine wires
 * them all with one spread.
 */
import { ApiError } from '../api/errors.ts';
import type { ParsedParams } from '../api/contract.ts';
import type { RunRecord } from '../api/schemas.ts';
import type { ExplainJobInput } from '../explain/job.ts';
import type { ExplanationRecord, ExplanationStatus } from '../explain/request.ts';
import { resolveExplainSettings, settingsKey } from '../explain/settings.ts';
import { attentionInWorker, explainInWorker } from '../explain/thread.ts';
import type { AttentionJobInput } from '../explain/sequence/attention-job.ts';
import { specHasAttention, type AttentionResult } from '../explain/sequence/attention-request.ts';
import { readRecipeFile, readSplitFile } from '../train/artifacts.ts';
import { newId } from '../util/ids.ts';
import { findDataset, jobOwner, type JobContext } from '../run/context.ts';
import { liveOwnerIds } from '../run/ownership.ts';
import { datasetFilesDir, runFilesDir } from '../storage/artifacts.ts';
import { diagnoseHandlers } from './diagnose.ts';
import { forecastHandlers } from './forecast.ts';
import { getRun } from './runs.ts';
import { INTERRUPTED_EXPLANATION } from '../../db/store.ts';

type Job = { id: string; runId: string; key: string; controller: AbortController; progress: { done: number; total: number } | null; done: Promise<void> };

/** Why aborting a job ends it 'interrupted' rather than 'cancelled': the engine is closing. */
const HALT = Symbol('halt');


/** Only completed runs saved a model; the others are refused saying why and what to do. */
function checkExplainable(run: RunRecord): void {
  if (run.status === 'completed') return;
  const name = `Run '${run.name}'`;
  if (run.status === 'diverged') {
    throw new ApiError('conflict', `${name} diverged (${run.error ?? 'its loss became non-finite'}); a diverged run keeps no model to explain. See what to change with 'modelbench diagnose ${run.id}', then train again.`);
  }
  if (run.status === 'running' || run.status === 'queued') {
    throw new ApiError('conflict', `${name} is still ${run.status} (epoch ${run.epochsDone} of ${run.config.hyperparams.epochs}); explain it once it has completed.`);
  }
  throw new ApiError('conflict', `${name} is ${run.status}: it saved no model to explain. Only completed runs can be explained.`);
}

export type ExplanationView = ExplanationRecord & { progress: { done: number; total: number } | null };

export function explainHandlers(ctx: JobContext, opts: { backend?: string[] } = {}) {
  const jobs = new Map<string, Job>();

  /** A running explanation that no live process holds reads as interrupted (a read never writes). */
  async function live(record: ExplanationRecord): Promise<ExplanationView> {
    const job = jobs.get(record.id);
    if (record.status !== 'running' || job) return { ...record, progress: job?.progress ?? null };
    const owners = await liveOwnerIds(ctx.store);
    if (record.ownerId && owners.has(record.ownerId)) return { ...record, progress: null };
    return { ...record, status: 'interrupted', error: INTERRUPTED_EXPLANATION, progress: null };
  }

  async function start(run: RunRecord, input: ExplainJobInput, key: string): Promise<string> {
    const ownerId = jobOwner(ctx);
    const id = newId('xpl');
    const createdMs = Date.now();
    await ctx.store.explanations.create({ id, runId: run.id, settings: input.settings, settingsKey: key, createdAt: new Date(createdMs).toISOString(), ownerId });
    const controller = new AbortController();
    const job: Job = { id, runId: run.id, key, controller, progress: null, done: Promise.resolve() };
    const finish = async (status: Exclude<ExplanationStatus, 'running'>, result: ExplanationRecord['result'], error: string | null) => {
      await ctx.store.explanations.finish(id, { status, result, error, finishedAt: new Date().toISOString(), durationMs: Date.now() - createdMs }).catch(() => false);
      jobs.delete(id);
      ctx.emit('explanation.event', { type: 'explanation-finished', explanationId: id, runId: run.id, status, error });
    };
    job.done = explainInWorker(input, {
      backend: opts.backend,
      signal: controller.signal,
      onProgress(done, total) {
        job.progress = { done, total };
        ctx.emit('explanation.event', { type: 'explanation-progress', explanationId: id, runId: run.id, done, total });
      },
    }).then(
      (result) => finish('completed', result, null),
      (error: unknown) => {
        if (controller.signal.aborted) return finish(controller.signal.reason === HALT ? 'interrupted' : 'cancelled', null, controller.signal.reason === HALT ? INTERRUPTED_EXPLANATION : null);
        return finish('failed', null, error instanceof Error ? error.message : String(error));
      },
    );
    jobs.set(id, job);
    return id;
  }

  return {
    ...diagnoseHandlers(ctx),
    ...forecastHandlers(ctx, opts),
    'runs.explain': async (req: ParsedParams<'runs.explain'>) => {
      const run = await getRun(ctx, req.runId);
      checkExplainable(run);
      const dataset = await findDataset(ctx, run.datasetId);
      const runDir = await runFilesDir(ctx, run.id);
      if (!runDir) throw new ApiError('not_found', `Run '${run.name}' has no stored model.`);
      const split = readSplitFile(runDir);
      const settings = resolveExplainSettings(req, {
        runName: run.name, task: dataset.task, inputShape: dataset.inputShape, featureNames: dataset.featureNames, classes: dataset.classes,
        splitSizes: { val: split.val.length, test: split.test.length },
        sequence: dataset.info?.text ? 'text' : dataset.info?.series ? 'series' : undefined,
      });
      const key = settingsKey(settings);
      const stored = await ctx.store.explanations.find(run.id, key);
      if (stored) return { explanationId: stored.id, status: stored.status, reused: true, explanation: stored };
      const inFlight = [...jobs.values()].find((j) => j.runId === run.id && j.key === key);
      if (inFlight) return { explanationId: inFlight.id, status: 'running' as const, reused: true };
      const input: ExplainJobInput = { settings, modelDir: runDir, datasetDir: await datasetFilesDir(ctx, dataset), meta: dataset, recipe: readRecipeFile(runDir), split };
      return { explanationId: await start(run, input, key), status: 'running' as const, reused: false };
    },
    'runs.attention': async (req: ParsedParams<'runs.attention'>): Promise<AttentionResult> => {
      const run = await getRun(ctx, req.runId);
      checkExplainable(run);
      const dataset = await findDataset(ctx, run.datasetId);
      if (!dataset.info?.text) throw new ApiError('invalid_argument', `Run '${run.name}' is not a text run: attention maps are drawn over a text's tokens.`);
      if (!specHasAttention(run.config.spec)) {
        throw new ApiError('invalid_argument', `Run '${run.name}' has no attention layer (its model: ${run.config.spec.layers.map((l) => l.kind).join(', ')}); attention maps need a transformer block or an attention layer.`);
      }
      const runDir = await runFilesDir(ctx, run.id);
      if (!runDir) throw new ApiError('not_found', `Run '${run.name}' has no stored model.`);
      const split = readSplitFile(runDir);
      const size = split[req.split].length;
      if (req.row >= size) throw new ApiError('invalid_argument', `row ${req.row} is past the end of the ${req.split} split (${size} rows, numbered from 0).`);
      const recipe = readRecipeFile(runDir);
      if (!recipe?.text) throw new ApiError('not_found', `Run '${run.name}' kept no text recipe (preprocessing.json) to read its rows with.`);
      const input: AttentionJobInput = { modelDir: runDir, datasetDir: await datasetFilesDir(ctx, dataset), meta: dataset, recipe, split, which: req.split, row: req.row, layer: req.layer };
      const maps = await attentionInWorker(input, { backend: opts.backend, signal: ctx.closing });
      return { runId: run.id, split: req.split, row: req.row, ...maps };
    },
    'explanations.get': async ({ explanationId }: ParsedParams<'explanations.get'>): Promise<ExplanationView> => {
      const record = await ctx.store.explanations.get(explanationId);
      if (!record) throw new ApiError('not_found', `No explanation with id '${explanationId}'.`);
      return live(record);
    },
    'explanations.list': async ({ runId, offset, limit }: ParsedParams<'explanations.list'>) => {
      if (runId !== undefined) await getRun(ctx, runId);
      const page = await ctx.store.explanations.list({ runId, offset, limit });
      const owners = page.items.some((e) => e.status === 'running') ? await liveOwnerIds(ctx.store) : new Set<string>();
      return {
        total: page.total,
        items: page.items.map((e) =>
          e.status === 'running' && !jobs.has(e.id) && !(e.ownerId && owners.has(e.ownerId)) ? { ...e, status: 'interrupted' as const, error: INTERRUPTED_EXPLANATION } : e,
        ),
      };
    },
    'explanations.cancel': async ({ explanationId }: ParsedParams<'explanations.cancel'>) => {
      const job = jobs.get(explanationId);
      if (!job) {
        if (!(await ctx.store.explanations.get(explanationId))) throw new ApiError('not_found', `No explanation with id '${explanationId}'.`);
        return { cancelled: false };
      }
      job.controller.abort(new Error('cancelled'));
      await job.done;
      return { cancelled: true };
    },
    /** Engine shutdown: every explanation in flight ends 'interrupted', stored and announced. */
    haltExplanations: async (): Promise<void> => {
      const pending = [...jobs.values()];
      for (const job of pending) job.controller.abort(HALT);
      await Promise.all(pending.map((j) => j.done));
    },
  };
}
