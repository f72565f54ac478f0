/**
 * The EnsembleContext a method sees (../index.ts), over the engine: members
 * are ordinary runs started through the one run lifecycle (ctx.launcher), on
 * the dataset's tensors loaded once; every member slot is stored when its run
 * starts and (by the runner) again when the ensemble ends, so a resumed job
 * finds the members that completed, by slot, and trains only the rest.
 * Predictions load each member once (predict.ts) on the engine's thread.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../../api/errors.ts';
import type { RunStatus } from '../../api/schemas.ts';
import type { JobContext } from '../../run/context.ts';
import type { RunHandle } from '../../run/lifecycle.ts';
import type { EnsembleContext, MemberTraining } from '../index.ts';
import { disposeMembers, loadMember, predictMember, type LoadedMember } from '../predict.ts';
import type { EnsembleEvent, StoredMember } from '../types.ts';
import type { EnsemblePlan } from './plan.ts';

export type EnsembleControl = {
  /** The user cancelled: member runs are cancelled, the ensemble ends 'cancelled'. */
  cancelled: boolean;
  /** The process is shutting down: no member starts; the launcher interrupts the running ones; the ensemble ends 'interrupted'. */
  halted: boolean;
  readonly active: Set<RunHandle>;
};

/** A member ended without a model because the job was stopped (not a failure of the method). */
export class MemberStopped extends Error {
  readonly status: 'cancelled' | 'interrupted';
  constructor(status: 'cancelled' | 'interrupted', message: string) {
    super(message);
    this.status = status;
  }
}

export type MemberContext = EnsembleContext & {
  /** A member already loaded or loadable, for the final predictions and the merge. */
  load(runId: string): Promise<LoadedMember>;
  dispose(): void;
};

export function memberContext(
  ctx: JobContext, id: string, plan: EnsemblePlan, stored: StoredMember[], control: EnsembleControl, signal: AbortSignal,
): MemberContext {
  const slots = new Map(stored.map((m) => [m.position, m]));
  const masks = new Map<string, Uint8Array | null>(stored.filter((m) => m.runId).map((m) => [m.runId as string, m.featureMask ? Uint8Array.from(m.featureMask) : null]));
  const loaded = new Map<string, Promise<LoadedMember>>();
  const planned = plan.method.planned(plan.options as never, plan.candidates.length);
  const startedMs = Date.now();
  let done = 0;
  const emit = (e: EnsembleEvent) => ctx.emit('ensemble.event', e);
  const eta = () => (done > 0 && planned > done ? ((Date.now() - startedMs) / done) * (planned - done) : null);

  async function reusable(slot: number): Promise<string | null> {
    const runId = slots.get(slot)?.runId;
    if (!runId) return null;
    const [run, dir] = await Promise.all([ctx.store.runs.get(runId), ctx.store.runs.artifactDir(runId)]);
    return run?.status === 'completed' && dir && existsSync(join(dir, 'model.json')) ? runId : null;
  }

  async function trainMember(req: MemberTraining): Promise<string> {
    const kept = await reusable(req.slot);
    if (kept) {
      masks.set(kept, req.featureMask ?? null);
      done++;
      return kept;
    }
    if (control.halted) throw new MemberStopped('interrupted', 'The process stopped before this member started.');
    if (control.cancelled) throw new MemberStopped('cancelled', 'cancelled by the user');
    const config = req.like !== undefined ? plan.candidates[req.like].config : plan.memberConfig;
    if (!config) throw new ApiError('internal', `member slot ${req.slot} has no config to train with`);
    const role = req.role === 'fold' ? `fold ${(req.fold ?? 0) + 1}` : req.role === 'stage' || req.stage !== undefined ? `stage ${(req.stage ?? 0) + 1}` : `member ${req.slot + 1}`;
    const like = req.like !== undefined ? ` of ${plan.candidates[req.like].name}` : '';
    const handle = await ctx.launcher.start({
      config, dataset: plan.dataset, data: plan.data, name: `${plan.name} · ${role}${like}`,
      notes: `A member of ensemble '${plan.name}' (${id}), slot ${req.slot}.`, tags: ['ensemble', plan.request.method],
      ...(req.like === undefined && plan.memberCounts ? { counts: plan.memberCounts } : {}),
      rows: { train: req.rows, sampleWeights: req.sampleWeights, targets: req.targets, featureMask: req.featureMask, seed: req.seed },
    });
    masks.set(handle.runId, req.featureMask ?? null);
    const slot: StoredMember = {
      position: req.slot, runId: handle.runId, role: req.role, fold: req.fold ?? null, stage: req.stage ?? null, weight: 0,
      featureMask: req.featureMask ? Array.from(req.featureMask) : null,
    };
    await ctx.store.ensembles.putMember(id, slot);
    slots.set(req.slot, slot);
    emit({ type: 'member-started', ensembleId: id, position: req.slot, runId: handle.runId, role: req.role });
    control.active.add(handle);
    if (control.cancelled) handle.cancel();
    const outcome = await handle.done;
    control.active.delete(handle);
    done++;
    emit({ type: 'member-finished', ensembleId: id, position: req.slot, runId: handle.runId, status: outcome.status, done, planned, etaMs: eta() });
    return settle(outcome.status, outcome.error, handle.runId, req.slot);
  }

  function settle(status: RunStatus, error: string | null, runId: string, slot: number): string {
    if (status === 'completed') return runId;
    if (status === 'interrupted') throw new MemberStopped('interrupted', 'The process stopped while members were training (finished members are kept).');
    if (status === 'cancelled' && control.cancelled) throw new MemberStopped('cancelled', 'cancelled by the user');
    throw new ApiError('invalid_argument', `member ${slot + 1} (run ${runId}) ended ${status}${error ? `: ${error}` : ''}`);
  }

  function load(runId: string): Promise<LoadedMember> {
    let member = loaded.get(runId);
    if (!member) {
      member = (async () => {
        const dir = await ctx.store.runs.artifactDir(runId);
        if (!dir) throw new ApiError('not_found', `member run ${runId} has no stored model`);
        return loadMember(dir, masks.get(runId) ?? null);
      })();
      loaded.set(runId, member);
    }
    return member;
  }

  return {
    task: plan.task,
    outputs: plan.outputs,
    classNames: plan.dataset.classes,
    inputShape: plan.dataset.inputShape,
    split: plan.split,
    labels: plan.data.y,
    candidates: plan.candidates.map((c) => c.runId),
    seed: plan.request.seed,
    signal,
    trainMember,
    predict: async (runId, rows) => predictMember(await load(runId), plan.data.x, rows),
    progress: (note) => emit({ type: 'progress', ensembleId: id, done, planned, note, etaMs: eta() }),
    load,
    dispose() {
      for (const member of loaded.values()) member.then((m) => disposeMembers([m]), () => {});
      loaded.clear();
    },
  };
}
