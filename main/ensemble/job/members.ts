/**
 * The engine's side of the EnsembleContext a method sees (../index.ts; the
 * method itself runs in the ensemble's worker thread, ../thread/): members are
 * ordinary runs started through the one run lifecycle (ctx.launcher), on the
 * dataset's tensors loaded once; every member slot is stored when its run
 * starts and (by the runner) again when the ensemble ends, so a resumed job
 * finds the members that completed, by slot, and trains only the rest. The
 * worker gets each member's run id and folder; it loads and predicts there.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../../api/errors.ts';
import type { RunStatus } from '../../api/schemas.ts';
import type { JobContext } from '../../run/context.ts';
import type { RunHandle } from '../../run/lifecycle.ts';
import type { MemberTraining } from '../index.ts';
import type { EnsembleThreadHooks } from '../thread/client.ts';
import type { EnsembleEvent, StoredMember } from '../types.ts';
import type { EnsemblePlan } from './plan.ts';

export type EnsembleControl = {
  /** The user cancelled: member runs are cancelled, the ensemble ends 'cancelled'. */
  cancelled: boolean;
  /** The process is shutting down: no member starts; the launcher interrupts the running ones; the ensemble ends 'interrupted'. */
  halted: boolean;
  readonly active: Set<RunHandle>;
  /** Ends the ensemble's worker thread at once (cancel, shutdown); set while it runs. */
  stopThread?: (reason: Error) => void;
};

/** A member ended without a model because the job was stopped (not a failure of the method). */
export class MemberStopped extends Error {
  readonly status: 'cancelled' | 'interrupted';
  constructor(status: 'cancelled' | 'interrupted', message: string) {
    super(message);
    this.status = status;
  }
}

/** trainMember and progress for the ensemble's worker thread (thread/client.ts), over the run lifecycle and the store. */
export function memberTrainer(ctx: JobContext, id: string, plan: EnsemblePlan, stored: StoredMember[], control: EnsembleControl): EnsembleThreadHooks {
  const slots = new Map(stored.map((m) => [m.position, m]));
  const planned = plan.method.planned(plan.options as never, plan.candidates.length);
  const startedMs = Date.now();
  let done = 0;
  const emit = (e: EnsembleEvent) => ctx.emit('ensemble.event', e);
  const eta = () => (done > 0 && planned > done ? ((Date.now() - startedMs) / done) * (planned - done) : null);

  async function reusable(slot: number): Promise<{ runId: string; dir: string } | null> {
    const runId = slots.get(slot)?.runId;
    if (!runId) return null;
    const [run, dir] = await Promise.all([ctx.store.runs.get(runId), ctx.store.runs.artifactDir(runId)]);
    return run?.status === 'completed' && dir && existsSync(join(dir, 'model.json')) ? { runId, dir } : null;
  }

  async function trainMember(req: MemberTraining): Promise<{ runId: string; dir: string }> {
    const kept = await reusable(req.slot);
    if (kept) {
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
    settle(outcome.status, outcome.error, handle.runId, req.slot);
    return { runId: handle.runId, dir: handle.artifactDir };
  }

  function settle(status: RunStatus, error: string | null, runId: string, slot: number): void {
    if (status === 'completed') return;
    if (status === 'interrupted') throw new MemberStopped('interrupted', 'The process stopped while members were training (finished members are kept).');
    if (status === 'cancelled' && control.cancelled) throw new MemberStopped('cancelled', 'cancelled by the user');
    throw new ApiError('invalid_argument', `member ${slot + 1} (run ${runId}) ended ${status}${error ? `: ${error}` : ''}`);
  }

  return {
    trainMember,
    progress: (note) => emit({ type: 'progress', ensembleId: id, done, planned, note, etaMs: eta() }),
  };
}
