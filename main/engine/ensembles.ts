/**
 * Ensemble handlers: thin wiring of the API to main/ensemble/job (the plan,
 * which validates, and the runner) and the store. ensembles.create checks the
 * request against the store and the files before writing anything, stores the
 * ensemble 'running' with this process as owner and runs it in the
 * background; progress goes out as 'ensemble.event', member runs as
 * 'run.event' like any run.
 *
 * Ensembles a dead process left 'running' show (and, after the owners' sweep,
 * are stored) 'interrupted'; ensembles.resume continues one from its stored
 * members, in one process at a time.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../api/errors.ts';
import type { ParsedParams } from '../api/contract.ts';
import { exportEnsemble } from '../ensemble/export.ts';
import { resolvePlan, type EnsemblePlan } from '../ensemble/job/plan.ts';
import { MemberStopped, type EnsembleControl } from '../ensemble/job/members.ts';
import { ensembleDir, runEnsemble } from '../ensemble/job/runner.ts';
import { EnsembleRequest } from '../ensemble/requests.ts';
import type { EnsembleDetail, EnsembleRecord } from '../ensemble/types.ts';
import { findDataset, homeLayout, jobOwner, type JobContext } from '../run/context.ts';
import { liveOwnerIds } from '../run/ownership.ts';
import { deleteWithFiles } from './deletion.ts';
import { assertWritable } from '../run/path-policy.ts';
import { newId } from '../util/ids.ts';

/** `backend`: the training workers' backend order; each ensemble's worker thread predicts and merges on it too. */
export function ensembleHandlers(ctx: JobContext, opts: { backend?: string[] } = {}) {
  const store = ctx.store.ensembles;
  const active = new Map<string, { control: EnsembleControl; done: Promise<void> }>();

  /** A 'running' ensemble no live owner holds is shown 'interrupted' (the sweep stores it so when a job-running process starts). */
  async function shown<T extends EnsembleRecord>(e: T, live?: Set<string>): Promise<T> {
    if (e.status !== 'running' || active.has(e.id)) return e;
    const owners = live ?? (await liveOwnerIds(ctx.store));
    return e.ownerId && owners.has(e.ownerId) ? e : { ...e, status: 'interrupted' };
  }

  async function getEnsemble(id: string): Promise<EnsembleDetail> {
    const e = await store.get(id);
    if (!e) throw new ApiError('not_found', `No ensemble with id '${id}'.`);
    return shown(e);
  }

  function launch(id: string, plan: EnsemblePlan): void {
    const control: EnsembleControl = { cancelled: false, halted: false, active: new Set() };
    const done = runEnsemble(ctx, id, plan, control, { backend: opts.backend })
      .catch(() => {
        // runEnsemble stores its own failures; this only guards a store that became unreachable.
      })
      .finally(() => active.delete(id));
    active.set(id, { control, done });
  }

  return {
    'ensembles.create': async (req: ParsedParams<'ensembles.create'>) => {
      const ownerId = jobOwner(ctx);
      const plan = await resolvePlan(ctx, req); // validates: throws ApiError, writing nothing
      const id = newId('ens');
      await store.create({ id, name: plan.name, method: req.method, datasetId: plan.dataset.id, config: req as unknown as Record<string, unknown>, createdAt: new Date().toISOString(), ownerId });
      launch(id, plan);
      return { ensembleId: id };
    },
    'ensembles.list': async (q: ParsedParams<'ensembles.list'>) => {
      const page = await store.list(q);
      if (!page.items.some((e) => e.status === 'running' && !active.has(e.id))) return page;
      const live = await liveOwnerIds(ctx.store);
      return { ...page, items: await Promise.all(page.items.map((e) => shown(e, live))) };
    },
    'ensembles.get': ({ ensembleId }: ParsedParams<'ensembles.get'>) => getEnsemble(ensembleId),
    'ensembles.cancel': async ({ ensembleId }: ParsedParams<'ensembles.cancel'>) => {
      await getEnsemble(ensembleId);
      const running = active.get(ensembleId);
      if (!running) return { cancelled: false };
      running.control.cancelled = true;
      for (const h of running.control.active) h.cancel('the ensemble was cancelled');
      running.control.stopThread?.(new MemberStopped('cancelled', 'cancelled by the user'));
      return { cancelled: true };
    },
    'ensembles.resume': async ({ ensembleId }: ParsedParams<'ensembles.resume'>) => {
      const ownerId = jobOwner(ctx);
      const e = await getEnsemble(ensembleId);
      if (active.has(ensembleId) || e.status === 'running') throw new ApiError('conflict', `Ensemble '${e.name}' is already running.`);
      if (e.status === 'completed') throw new ApiError('conflict', `Ensemble '${e.name}' is completed; there is nothing left to run.`);
      if (e.status === 'failed') throw new ApiError('conflict', `Ensemble '${e.name}' failed (${e.error ?? 'unknown error'}); fix the cause and create a new ensemble.`);
      const plan = await resolvePlan(ctx, EnsembleRequest.parse(e.config));
      await store.setStatus(ensembleId, 'running', { error: null, ownerId });
      launch(ensembleId, plan);
      return { ensembleId, resumed: true as const };
    },
    'ensembles.delete': async ({ ensembleId }: ParsedParams<'ensembles.delete'>) => {
      const e = await getEnsemble(ensembleId);
      if (active.has(ensembleId) || e.status === 'running') throw new ApiError('conflict', `Ensemble '${e.name}' is running; cancel it first.`);
      await deleteWithFiles(ctx.home, { kind: 'ensemble', id: ensembleId, dir: ensembleDir(ctx.home, ensembleId) }, () => store.delete(ensembleId));
      await ctx.artifacts.delete('ensemble', ensembleId);
      return { deleted: true as const };
    },
    'ensembles.export': async ({ ensembleId, outDir, format }: ParsedParams<'ensembles.export'>) => {
      const ensemble = await getEnsemble(ensembleId);
      const dir = await ctx.artifacts.local('ensemble', ensembleId, ensembleDir(ctx.home, ensembleId));
      if (ensemble.status === 'completed' && !existsSync(join(dir, 'model.json'))) throw new ApiError('not_found', `Ensemble '${ensemble.name}' has no stored model.`);
      const meta = ensemble.datasetId ? await findDataset(ctx, ensemble.datasetId).catch(() => null) : null;
      const target = outDir
        ? assertWritable(ctx.paths, outDir, 'export')
        : join(homeLayout(ctx.home).exports, `${ensembleId}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
      return exportEnsemble({ ensemble, dir, meta, version: ctx.versions.modelbench }, target, format);
    },
    /** Shutdown, first phase: no ensemble starts another member or goes on computing (the run launcher then interrupts the running members). */
    haltEnsembles: (): void => {
      for (const { control } of active.values()) {
        control.halted = true;
        control.stopThread?.(new MemberStopped('interrupted', 'The process stopped.'));
      }
    },
    /** Shutdown, second phase: waits until every ensemble stored its end ('interrupted'). */
    ensemblesDone: async (): Promise<void> => {
      await Promise.all([...active.values()].map((a) => a.done));
    },
  };
}
