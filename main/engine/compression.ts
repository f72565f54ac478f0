/**
 * Compression and experiment handlers: prune, shrink, distill and fine-tune
 * each validate their input at once (bad input fails the call with a clear
 * message), store an experiment and run it in the background; progress goes
 * out as 'experiment.event', child runs as 'run.event' like any run.
 *
 * At start, experiments a dead process left 'running' become 'interrupted';
 * experiments.resume continues any unfinished experiment from its stored steps.
 */
import { createExperimentStore, type ExperimentStore } from '../../db/experiments.ts';
import type { SqliteStore } from '../../db/store.ts';
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
import type { EngineContext } from './context.ts';

type Request = PruneRequest | ShrinkRequest | DistillRequest | FinetuneRequest;

function driverFor(ctx: EngineContext, kind: ExperimentKind, request: Request): Driver {
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

function experimentStore(ctx: EngineContext): ExperimentStore {
  const db = (ctx.store as Partial<SqliteStore>).db;
  if (!db) throw new Error('compression experiments need the SQLite store');
  return createExperimentStore(db);
}

export function compressionHandlers(ctx: EngineContext) {
  const store = experimentStore(ctx);
  store.markInterrupted();
  const active = new Map<string, ExperimentControl>();
  let closing = false;

  function getExperiment(id: string) {
    const e = store.get(id);
    if (!e) throw new ApiError('not_found', `No experiment with id '${id}'.`);
    return e;
  }

  function launch(id: string, driver: Driver): void {
    const control: ExperimentControl = { cancelled: false, closing: () => closing, cancelRun: null };
    active.set(id, control);
    void runExperiment(ctx, store, id, driver, control)
      .catch(() => {
        // runExperiment stores its own failures; this only guards a store closed mid-write.
      })
      .finally(() => active.delete(id));
  }

  function start(kind: ExperimentKind, request: Request, name: string, baseRunId: string | null): { experimentId: string } {
    const driver = driverFor(ctx, kind, request); // validates: throws ApiError on bad input
    const id = newId('exp');
    store.create({ id, name, kind, baseRunId, config: request as unknown as Record<string, unknown>, createdAt: new Date().toISOString() });
    launch(id, driver);
    return { experimentId: id };
  }

  const runName = (runId: string | undefined) => (runId ? (ctx.store.runs.get(runId)?.name ?? runId) : 'imported model');

  return {
    'runs.size': async ({ runId, latency }: ParsedParams<'runs.size'>): Promise<RunSize> => {
      const { dir } = modelRun(ctx, runId, 'run to measure');
      const { size, sparsity } = await measureStoredModel(dir, { latency });
      return { runId, ...size, sparsity };
    },
    'compression.prune': async (req: ParsedParams<'compression.prune'>) => {
      await validatePrune(ctx, req);
      const pct = `${Math.round(req.targetSparsity * 1000) / 10}%`;
      return start('prune', req, req.name ?? `prune ${req.method} ${pct} · ${runName(req.runId)}`, req.runId);
    },
    'compression.shrink': (req: ParsedParams<'compression.shrink'>) =>
      start('shrink', req, req.name ?? `shrink (tolerance ${req.tolerance}) · ${runName(req.runId)}`, req.runId),
    'compression.distill': (req: ParsedParams<'compression.distill'>) =>
      start('distill', req, req.name ?? `distill ${req.student.name ?? 'student'} from ${runName(req.teacherRunId)}`, req.teacherRunId),
    'compression.finetune': (req: ParsedParams<'compression.finetune'>) =>
      start('finetune', req, req.name ?? `fine-tune ${runName(req.runId)} (${req.freeze} frozen)`, req.runId ?? null),
    'experiments.list': () => store.list(),
    'experiments.get': ({ experimentId }: ParsedParams<'experiments.get'>) => getExperiment(experimentId),
    'experiments.cancel': ({ experimentId }: ParsedParams<'experiments.cancel'>) => {
      getExperiment(experimentId);
      const control = active.get(experimentId);
      if (!control) return { cancelled: false };
      control.cancelled = true;
      control.cancelRun?.();
      return { cancelled: true };
    },
    'experiments.resume': ({ experimentId }: ParsedParams<'experiments.resume'>) => {
      const e = getExperiment(experimentId);
      if (active.has(experimentId)) throw new ApiError('conflict', `Experiment '${e.name}' is already running.`);
      if (e.status === 'completed') throw new ApiError('conflict', `Experiment '${e.name}' is completed; there is nothing left to run.`);
      if (e.status === 'failed' && e.steps.some((st) => st.kind !== 'candidate' && st.status === 'failed')) {
        throw new ApiError('conflict', `Experiment '${e.name}' failed (${e.error ?? 'a step failed'}); fix the cause and start a new experiment.`);
      }
      const driver = driverFor(ctx, e.kind, e.config as unknown as Request);
      store.setStatus(experimentId, 'running', { error: null });
      launch(experimentId, driver);
      return { experimentId, resumed: true as const };
    },
    'experiments.delete': ({ experimentId }: ParsedParams<'experiments.delete'>) => {
      const e = getExperiment(experimentId);
      if (active.has(experimentId)) throw new ApiError('conflict', `Experiment '${e.name}' is running; cancel it first.`);
      store.delete(experimentId);
      return { deleted: true as const };
    },
    /** Shutdown: stop writing; the pool interrupts the child runs and the next start marks the experiments interrupted. */
    closeExperiments: () => {
      closing = true;
    },
  };
}
