/**
 * Executes an experiment: asks its driver for the next step, runs it (a child
 * run through the one run lifecycle, or the measurement of an existing model
 * for the baseline), measures the result and stores the step, until the driver
 * says done. Every step is stored when it starts and when it ends, so a
 * cancelled, shut-down or crashed experiment keeps every finished step and
 * resumes with the rest.
 */
import type { JobContext } from '../../run/context.ts';
import type { ExperimentEvent, ExperimentStatus, ExperimentStep, TrainPlan } from '../types.ts';
import type { Driver, NextStep } from './drivers/common.ts';
import { newRunIdentity } from '../../run/lifecycle.ts';
import { runFilesDir } from '../../storage/artifacts.ts';
import { baselineModelDir, measureStoredModel } from './measure.ts';

export type ExperimentControl = {
  /** The user cancelled: the running step is cancelled, the experiment ends 'cancelled'. */
  cancelled: boolean;
  /** The process is shutting down: no new step; the running one is interrupted by the run launcher; the experiment ends 'interrupted'. */
  halted: boolean;
  cancelRun: (() => void) | null;
};

type StepEnd = 'done' | 'cancelled' | 'interrupted';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export async function runExperiment(ctx: JobContext, id: string, driver: Driver, control: ExperimentControl): Promise<void> {
  const store = ctx.store.experiments;
  const emit = (e: ExperimentEvent) => ctx.emit('experiment.event', e);
  const kind = (await store.get(id))?.kind;
  if (!kind) return;
  emit({ type: 'experiment-started', experimentId: id, kind });
  let status: ExperimentStatus = 'completed';
  let error: string | null = null;
  try {
    for (;;) {
      if (control.halted) {
        status = 'interrupted';
        break;
      }
      if (control.cancelled) {
        status = 'cancelled';
        break;
      }
      const steps = (await store.get(id))?.steps ?? [];
      const decision = driver.next(steps);
      if (decision === null) break;
      if ('fail' in decision) {
        status = 'failed';
        error = decision.fail;
        break;
      }
      const number = steps.reduce((m, s) => Math.max(m, s.step + 1), 0);
      const end = await runStep(ctx, id, number, decision, driver, control, emit);
      if (end !== 'done') {
        status = end;
        break;
      }
    }
  } catch (e) {
    status = control.halted ? 'interrupted' : 'failed';
    error = message(e);
  }
  const bestStep = driver.best((await store.get(id))?.steps ?? []);
  await store.setStatus(id, status, { error, bestStep, finished: status !== 'interrupted' });
  emit({ type: 'experiment-finished', experimentId: id, status, error, bestStep });
}

async function runStep(
  ctx: JobContext,
  experimentId: string,
  number: number,
  next: NextStep,
  driver: Driver,
  control: ExperimentControl,
  emit: (e: ExperimentEvent) => void,
): Promise<StepEnd> {
  const store = ctx.store.experiments;
  let step: ExperimentStep = {
    experimentId, step: number, kind: next.kind, label: next.label, status: 'running', runId: null, config: {},
    metrics: {}, size: null, sparsity: null, error: null, createdAt: new Date().toISOString(), finishedAt: null,
  };
  const finish = async (patch: Partial<ExperimentStep>): Promise<void> => {
    step = { ...step, ...patch, finishedAt: new Date().toISOString() };
    if (step.status === 'completed' && driver.accepted) step.accepted = driver.accepted(step);
    await store.putStep(step);
    emit({ type: 'step-finished', experimentId, step });
  };

  if ('modelDir' in next) {
    // The baseline: an existing model, measured with the same settings as every later step.
    const run = next.runId ? await ctx.store.runs.get(next.runId) : undefined;
    step = { ...step, runId: run?.id ?? null, config: run ? { spec: run.config.spec, hyperparams: run.config.hyperparams } : { modelDir: next.modelDir } };
    await store.putStep(step);
    emit({ type: 'step-started', experimentId, step: number, kind: next.kind, label: next.label, runId: step.runId });
    const measured = await measureStoredModel(next.modelDir);
    await finish({ status: 'completed', metrics: { val: run?.metrics.val ?? next.metrics?.val, test: run?.metrics.test ?? next.metrics?.test }, size: measured.size, sparsity: run?.metrics.sparsity ?? measured.sparsity });
    return 'done';
  }

  const identity = newRunIdentity(ctx.home);
  await store.putStep(step);
  let built;
  try {
    built = await next.build(identity);
  } catch (e) {
    await finish({ status: 'failed', error: message(e) });
    return 'done';
  }
  const { stepConfig, paramCount, flops, ...request } = built;
  const launched = await ctx.launcher.start({ ...request, identity, counts: { paramCount, flops }, tags: built.plan ? tagsFor(built.plan) : [] });
  step = { ...step, runId: launched.runId, config: stepConfig };
  await store.putStep(step);
  emit({ type: 'step-started', experimentId, step: number, kind: next.kind, label: next.label, runId: launched.runId });
  control.cancelRun = () => launched.cancel();
  // A cancel that arrived while the step was being built.
  if (control.cancelled) launched.cancel();
  const result = await launched.done;
  control.cancelRun = null;
  const metrics = { val: result.metrics.val, test: result.metrics.test };
  if (result.status === 'interrupted') {
    await finish({ status: 'interrupted', metrics, error: 'The process stopped during this step.' });
    return 'interrupted';
  }
  if (result.status === 'cancelled') {
    await finish({ status: 'cancelled', metrics });
    return 'cancelled';
  }
  if (result.status !== 'completed') {
    await finish({ status: 'failed', metrics, error: result.error ?? `the run ${result.status}` });
    return 'done';
  }
  // Timed in interleaved pairs with the experiment's baseline model (main/measure/latency.ts).
  const baselineDir = await baselineModelDir((await store.get(experimentId))?.steps ?? [], (runId) => runFilesDir(ctx, runId));
  const measured = await measureStoredModel(identity.artifactDir, { baselineDir });
  await finish({ status: 'completed', metrics, size: measured.size, sparsity: result.metrics.sparsity ?? measured.sparsity });
  return 'done';
}

function tagsFor(plan: TrainPlan): string[] {
  const tags: string[] = [];
  if (plan.pruning) tags.push('pruned');
  if (plan.distill) tags.push('distilled');
  if (plan.init && !plan.init.reinitialize) tags.push('warm-start');
  return tags;
}
