/**
 * Compression and experiment handlers: prune, shrink, distill and fine-tune
 * each validate their input at once (bad input fails the call with a clear
 * message), store an experiment and run it in the background; progress goes
 * out as 'experiment.event', child runs as 'run.event' like any run.
 *
 * Experiments a dead process left 'running' are swept to 'interrupted' (the
 * owners' sweep); experiments.resume continues any unfinished experiment from
 * its stored steps, in one process at a time.
 */
import { ApiError } from '../api/errors.ts';
import { type ParsedParams } from '../api/contract.ts';
import type { RunSize } from '../compression/types.ts';
import { measureStoredModel } from '../compression/experiments/measure.ts';
import { runExperiment, type ExperimentControl } from '../compression/experiments/runner.ts';
import type { Driver } from '../compression/experiments/drivers/common.ts';
import { modelRun } from '../compression/experiments/drivers/common.ts';
import { distillDriver } from '../compression/experiments/drivers/distill.ts';
import { finetuneDriver } from '../compression/experiments/drivers/finetune.ts';
import { pruneDriver, validatePrune } from '../compression/experiments/drivers/prune.ts';
import { shrinkDriver } from '../compression/experiments/drivers/shrink.ts';
import type { DistillRequest, FinetuneRequest, PruneRequest, ShrinkRequest } from '../compression/requests.ts';
import type { ExperimentKind } from '../compression/types.ts';
import { newId } from '../util/ids.ts';
import { liveOwnerIds } from '../run/ownership.ts';
import { jobOwner, type JobContext } from '../run/context.ts';

type Request = PruneRequest | ShrinkRequest | DistillRequest | FinetuneRequest;

function driverFor(ctx: JobContext, kind: ExperimentKind, request: Request): Promise<Driver> {
  switch (kind) {
    case 'prune':
      return pruneDriver(ctx, request as PruneRequest);
    case 'shrink':
      return shrinkDriver(ctx, request as ShrinkRequest);
    case 'distill':
      return distillDriver(ctx, request as DistillRequest);
    case 'finetune':
      return finetuneDriver(ctx, request as FinetuneRequest);
  }
}


export function compressionHandlers(ctx: JobContext) {
  const store = ctx.store.experiments;
  const active = new Map<string, { control: ExperimentControl; done: Promise<void> }>();

  async function getExperiment(id: string) {
    const e = await store.get(id);
    if (!e) throw new ApiError('not_found', `No experiment with id '${id}'.`);
    if (e.status === 'running' && !active.has(id)) {
      // Running in another process, or orphaned by a dead one (shown interrupted until a sweep stores it so).
      const owner = await store.owner(id);
      if (!(owner && (await liveOwnerIds(ctx.store)).has(owner))) return { ...e, status: 'interrupted' as const };
    }
    return e;
  }

  function launch(id: string, driver: Driver): void {
    const control: ExperimentControl = { cancelled: false, halted: false, cancelRun: null };
    const done = runExperiment(ctx, id, driver, control)
      .catch(() => {
        // runExperiment stores its own failures; this only guards a store that became unreachable.
      })
      .finally(() => active.delete(id));
    active.set(id, { control, done });
  }

  async function start(kind: ExperimentKind, request: Request, name: string, baseRunId: string | null): Promise<{ experimentId: string }> {
    const ownerId = jobOwner(ctx);
    const driver = await driverFor(ctx, kind, request); // validates: throws ApiError on bad input
    const id = newId('exp');
    await store.create({ id, name, kind, baseRunId, config: request as unknown as Record<string, unknown>, createdAt: new Date().toISOString(), ownerId });
    launch(id, driver);
    return { experimentId: id };
  }

  const runName = async (runId: string | undefined) => (runId ? ((await ctx.store.runs.get(runId))?.name ?? runId) : 'imported model');

  return {
    'runs.size': async ({ runId, latency }: ParsedParams<'runs.size'>): Promise<RunSize> => {
      const { dir } = await modelRun(ctx, runId, 'run to measure');
      const { size, sparsity } = await measureStoredModel(dir, { latency });
      return { runId, ...size, sparsity };
    },
    'compression.prune': async (req: ParsedParams<'compression.prune'>) => {
      await validatePrune(ctx, req);
      const pct = `${Math.round(req.targetSparsity * 1000) / 10}%`;
      return start('prune', req, req.name ?? `prune ${req.method} ${pct} · ${await runName(req.runId)}`, req.runId);
    },
    'compression.shrink': async (req: ParsedParams<'compression.shrink'>) =>
      start('shrink', req, req.name ?? `shrink (tolerance ${req.tolerance}) · ${await runName(req.runId)}`, req.runId),
    'compression.distill': async (req: ParsedParams<'compression.distill'>) =>
      start('distill', req, req.name ?? `distill ${req.student.name ?? 'student'} from ${req.teacherEnsembleId ? `ensemble ${(await ctx.store.ensembles.get(req.teacherEnsembleId))?.name ?? req.teacherEnsembleId}` : await runName(req.teacherRunId)}`, req.teacherRunId ?? null),
    'compression.finetune': async (req: ParsedParams<'compression.finetune'>) =>
      start('finetune', req, req.name ?? `fine-tune ${await runName(req.runId)} (${req.freeze} frozen)`, req.runId ?? null),
    'experiments.list': async () => {
      const list = await store.list();
      if (!list.some((e) => e.status === 'running' && !active.has(e.id))) return list;
      return Promise.all(list.map(async (e) => (e.status === 'running' && !active.has(e.id) ? { ...e, status: (await getExperiment(e.id)).status } : e)));
    },
    'experiments.get': ({ experimentId }: ParsedParams<'experiments.get'>) => getExperiment(experimentId),
    'experiments.cancel': async ({ experimentId }: ParsedParams<'experiments.cancel'>) => {
      await getExperiment(experimentId);
      const running = active.get(experimentId);
      if (!running) return { cancelled: false };
      running.control.cancelled = true;
      running.control.cancelRun?.();
      return { cancelled: true };
    },
    'experiments.resume': async ({ experimentId }: ParsedParams<'experiments.resume'>) => {
      const ownerId = jobOwner(ctx);
      const e = await getExperiment(experimentId);
      if (active.has(experimentId) || e.status === 'running') throw new ApiError('conflict', `Experiment '${e.name}' is already running.`);
      if (e.status === 'completed') throw new ApiError('conflict', `Experiment '${e.name}' is completed; there is nothing left to run.`);
      if (e.status === 'failed' && e.steps.some((st) => st.kind !== 'candidate' && st.status === 'failed')) {
        throw new ApiError('conflict', `Experiment '${e.name}' failed (${e.error ?? 'a step failed'}); fix the cause and start a new experiment.`);
      }
      const driver = await driverFor(ctx, e.kind, e.config as unknown as Request);
      await store.setStatus(experimentId, 'running', { error: null, ownerId });
      launch(experimentId, driver);
      return { experimentId, resumed: true as const };
    },
    'experiments.delete': async ({ experimentId }: ParsedParams<'experiments.delete'>) => {
      const e = await getExperiment(experimentId);
      if (active.has(experimentId) || e.status === 'running') throw new ApiError('conflict', `Experiment '${e.name}' is running; cancel it first.`);
      await store.delete(experimentId);
      return { deleted: true as const };
    },
    /** Shutdown, first phase: no experiment starts another step (the run launcher then interrupts the running ones). */
    haltExperiments: (): void => {
      for (const { control } of active.values()) control.halted = true;
    },
    /** Shutdown, second phase: waits until every experiment stored its end ('interrupted'). */
    experimentsDone: async (): Promise<void> => {
      await Promise.all([...active.values()].map((a) => a.done));
    },
  };
}
