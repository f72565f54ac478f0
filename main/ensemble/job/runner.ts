/**
 * Runs an ensemble job: the method builds (training members through the run
 * lifecycle, in parallel in the worker pool), then the ensemble becomes a
 * model: the members it combines are merged into one tfjs graph saved in the
 * ensemble's folder (<home>/ensembles/<id>/), measured (size, FLOPs, latency
 * with the one measurer), evaluated on the shared split's validation and test
 * rows with a run's metrics, and stored with its members, weights, combiner
 * and report.
 *
 * Stops: a user cancel cancels the member runs and ends 'cancelled'; a
 * shutdown (halt, then the launcher interrupts the runs) ends 'interrupted';
 * a crash leaves it 'running' for the owners' sweep to mark 'interrupted'. In
 * every case the finished members' slots are stored, and a resume trains only
 * the rest. A member that fails (diverged, failed) fails the ensemble, after
 * the other member runs in flight are cancelled.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../../api/errors.ts';
import { fitTargetScaling } from '../../data/preprocess.ts';
import { modelSize } from '../../compression/size.ts';
import { saveModelFiles } from '../../model/io.ts';
import { RUN_LATENCY } from '../../train/plan-runtime.ts';
import type { JobContext } from '../../run/context.ts';
import { writeFileAtomic } from '../../util/atomic-write.ts';
import { modelPlan, scoreEnsemble, storedCombiner } from '../combine.ts';
import type { EnsembleBuild } from '../index.ts';
import { stackPredictions } from '../math/predictions.ts';
import { mergeMembers } from '../merge.ts';
import { predictMember } from '../predict.ts';
import type { EnsembleEvent, EnsembleStatus } from '../types.ts';
import { memberContext, MemberStopped, type EnsembleControl, type MemberContext } from './members.ts';
import type { EnsemblePlan } from './plan.ts';

export const ensemblesRoot = (home: string) => join(home, 'ensembles');
export const ensembleDir = (home: string, id: string) => join(ensemblesRoot(home), id);

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export async function runEnsemble(ctx: JobContext, id: string, plan: EnsemblePlan, control: EnsembleControl): Promise<void> {
  const store = ctx.store.ensembles;
  const emit = (e: EnsembleEvent) => ctx.emit('ensemble.event', e);
  const abort = new AbortController();
  const stored = (await store.get(id))?.members ?? [];
  const members = memberContext(ctx, id, plan, stored, control, abort.signal);
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
    const build = await plan.method.build(members, plan.options as never);
    if (control.halted || control.cancelled) throw new MemberStopped(control.halted ? 'interrupted' : 'cancelled', control.halted ? 'The process stopped.' : 'cancelled by the user');
    emit({ type: 'progress', ensembleId: id, done: 0, planned: 0, note: 'merging, measuring and evaluating the ensemble', etaMs: null });
    await finish(ctx, id, plan, build, members);
  } catch (e) {
    abort.abort();
    status = e instanceof MemberStopped ? e.status : control.halted ? 'interrupted' : control.cancelled ? 'cancelled' : 'failed';
    error = status === 'interrupted' ? message(e) : status === 'cancelled' ? 'cancelled by the user' : message(e);
    // Members still training are not wanted any more (a shutdown's are interrupted by the launcher).
    const inFlight = [...control.active];
    if (status !== 'interrupted') for (const h of inFlight) h.cancel(status === 'cancelled' ? 'the ensemble was cancelled' : 'another member of the ensemble failed');
    await Promise.all(inFlight.map((h) => h.done));
    await store.setStatus(id, status, { error, finished: status !== 'interrupted' });
  } finally {
    members.dispose();
  }
  emit({ type: 'ensemble-finished', ensembleId: id, status, error });
}

async function finish(ctx: JobContext, id: string, plan: EnsemblePlan, build: EnsembleBuild, members: MemberContext): Promise<void> {
  const { members: combined, combiner } = modelPlan(build);
  const loaded = await Promise.all(combined.map((m) => members.load(m.runId)));
  const predict = (rows: Int32Array) => stackPredictions(loaded.map((m) => predictMember(m, plan.data.x, rows)), plan.outputs);
  const labels = (rows: Int32Array) => Float32Array.from(rows, (r) => plan.data.y[r]);
  const hasTest = plan.split.test.length > 0;
  // Regression: the loss in units of the training targets' standard deviation, as members trained on standardised targets report it.
  const lossScale = plan.task === 'regression' ? fitTargetScaling('standardize', plan.data.y, plan.split.train).scale : 1;
  const scored = scoreEnsemble(
    { val: predict(plan.split.val), test: hasTest ? predict(plan.split.test) : null },
    { val: labels(plan.split.val), test: hasTest ? labels(plan.split.test) : null },
    combiner, plan.task, combined.map((m) => m.position), lossScale,
  );

  const dir = ensembleDir(ctx.home, id);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const model = mergeMembers(loaded, combiner, plan.task);
  let size;
  try {
    await saveModelFiles(model, dir);
    // The one latency measurer, with the short budget runs with a plan get (a few hundred ms).
    size = await modelSize(model, dir, { inputShape: plan.dataset.inputShape, ...RUN_LATENCY });
  } finally {
    model.dispose();
  }
  const stored = storedCombiner(combiner);
  writeFileAtomic(join(dir, 'ensemble.json'), JSON.stringify({
    id, name: plan.name, method: plan.request.method, task: plan.task, recipe: null, combiner: stored,
    members: combined.map((m) => ({ position: m.position, runId: m.runId, weight: m.weight, featureMask: m.featureMask ? Array.from(m.featureMask) : null })),
  }, null, 2));

  for (const m of build.members) {
    await ctx.store.ensembles.putMember(id, {
      position: m.position, runId: m.runId, role: m.role, fold: m.fold ?? null, stage: m.stage ?? null, weight: m.weight,
      featureMask: m.featureMask ? Array.from(m.featureMask) : null,
    });
  }
  if (combined.length === 0) throw new ApiError('internal', 'the ensemble combines no member');
  await ctx.store.ensembles.setStatus(id, 'completed', {
    error: null, finished: true, metrics: scored.metrics, combiner: stored, report: { ...build.report, diversity: scored.diversity },
    size, paramCount: size.paramCount, flops: size.flops,
  });
}
