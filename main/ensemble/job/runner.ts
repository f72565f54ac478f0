/**
 * Runs an ensemble job: the method builds (in the ensemble's worker thread,
 * ../thread/, training members through the run lifecycle, in parallel in the
 * worker pool), then the ensemble becomes a model: the members it combines
 * are merged into one tfjs graph saved in the ensemble's folder
 * (<home>/ensembles/<id>/), measured (size, FLOPs, latency with the one
 * measurer) and evaluated on the shared split's validation and test rows with
 * a run's metrics, in that thread too (../finish.ts); this job stores it with
 * its members, weights, combiner and report. The engine's thread only
 * orchestrates and writes.
 *
 * Stops: a user cancel cancels the member runs and ends 'cancelled'; a
 * shutdown (halt, then the launcher interrupts the runs) ends 'interrupted';
 * a crash leaves it 'running' for the owners' sweep to mark 'interrupted'. In
 * every case the finished members' slots are stored, and a resume trains only
 * the rest. A member that fails (diverged, failed) fails the ensemble, after
 * the other member runs in flight are cancelled.
 */
import { join } from 'node:path';
import type { JobContext } from '../../run/context.ts';
import { writeFileAtomic } from '../../util/atomic-write.ts';
import type { FinishedModel } from '../finish.ts';
import type { EnsembleBuild } from '../index.ts';
import { startEnsembleThread, type EnsembleThread } from '../thread/client.ts';
import type { EnsembleWorkerData } from '../thread/protocol.ts';
import type { EnsembleEvent, EnsembleStatus } from '../types.ts';
import { memberTrainer, MemberStopped, type EnsembleControl } from './members.ts';
import type { EnsemblePlan } from './plan.ts';

export const ensemblesRoot = (home: string) => join(home, 'ensembles');
export const ensembleDir = (home: string, id: string) => join(ensemblesRoot(home), id);

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** What the worker thread needs of the plan: the method, its options and the split; it reads the dataset's files itself. */
function workerData(plan: EnsemblePlan, backend: string[] | undefined): EnsembleWorkerData {
  return {
    backend, method: plan.request.method, options: plan.options, task: plan.task, outputs: plan.outputs, classNames: plan.dataset.classes,
    inputShape: plan.dataset.inputShape, datasetDir: plan.dataset.dir, split: plan.split,
    candidates: plan.candidates.map((c) => ({ runId: c.runId, dir: c.dir })), seed: plan.request.seed,
  };
}

export type EnsembleRunOptions = {
  /** The tfjs backend order of the training workers: the ensemble's thread predicts on it too. */
  backend?: string[];
};

export async function runEnsemble(ctx: JobContext, id: string, plan: EnsemblePlan, control: EnsembleControl, options: EnsembleRunOptions = {}): Promise<void> {
  const store = ctx.store.ensembles;
  const emit = (e: EnsembleEvent) => ctx.emit('ensemble.event', e);
  const stored = (await store.get(id))?.members ?? [];
  const members = memberTrainer(ctx, id, plan, stored, control);
  let thread: EnsembleThread | undefined;
  emit({ type: 'ensemble-started', ensembleId: id, method: plan.request.method, planned: plan.method.planned(plan.options as never, plan.candidates.length) });
  let status: EnsembleStatus = 'completed';
  let error: string | null = null;
  try {
    // Existing runs join at their slots now, so the detail screen shows them while the job runs.
    for (const [position, c] of plan.candidates.entries()) {
      if (!stored.some((m) => m.position === position)) {
        await store.putMember(id, { position, runId: c.runId, role: 'member', fold: null, stage: null, weight: 0, featureMask: null });
      }
    }
    const running = startEnsembleThread(workerData(plan, options.backend), members);
    thread = running;
    control.stopThread = running.stop;
    const build = await running.built;
    if (control.halted || control.cancelled) throw new MemberStopped(control.halted ? 'interrupted' : 'cancelled', control.halted ? 'The process stopped.' : 'cancelled by the user');
    emit({ type: 'progress', ensembleId: id, done: 0, planned: 0, note: 'merging, measuring and evaluating the ensemble', etaMs: null });
    await storeModel(ctx, id, plan, build, await running.finish(ensembleDir(ctx.home, id)));
  } catch (e) {
    status = e instanceof MemberStopped ? e.status : control.halted ? 'interrupted' : control.cancelled ? 'cancelled' : 'failed';
    error = status === 'interrupted' ? message(e) : status === 'cancelled' ? 'cancelled by the user' : message(e);
    // Members still training are not wanted any more (a shutdown's are interrupted by the launcher).
    const inFlight = [...control.active];
    if (status !== 'interrupted') for (const h of inFlight) h.cancel(status === 'cancelled' ? 'the ensemble was cancelled' : 'another member of the ensemble failed');
    await Promise.all(inFlight.map((h) => h.done));
    await store.setStatus(id, status, { error, finished: status !== 'interrupted' });
  } finally {
    control.stopThread = undefined;
    thread?.stop(new MemberStopped('interrupted', 'the ensemble job ended'));
  }
  emit({ type: 'ensemble-finished', ensembleId: id, status, error });
}

async function storeModel(ctx: JobContext, id: string, plan: EnsemblePlan, build: EnsembleBuild, model: FinishedModel): Promise<void> {
  writeFileAtomic(join(ensembleDir(ctx.home, id), 'ensemble.json'), JSON.stringify({
    id, name: plan.name, method: plan.request.method, task: plan.task, recipe: model.recipe, combiner: model.combiner, members: model.combined,
  }, null, 2));
  for (const m of build.members) {
    await ctx.store.ensembles.putMember(id, {
      position: m.position, runId: m.runId, role: m.role, fold: m.fold ?? null, stage: m.stage ?? null, weight: m.weight,
      featureMask: m.featureMask ? Array.from(m.featureMask) : null,
    });
  }
  // The merged model goes into the artifact store (a PostgreSQL store keeps files for other machines) before the
  // ensemble is completed, so whoever sees it completed can export it; ensembles.delete removes it.
  await ctx.artifacts.put('ensemble', id, ensembleDir(ctx.home, id));
  await ctx.store.ensembles.setStatus(id, 'completed', {
    error: null, finished: true, metrics: model.metrics, combiner: model.combiner, report: { ...build.report, diversity: model.diversity },
    size: model.size, paramCount: model.size.paramCount, flops: model.size.flops,
  });
}
