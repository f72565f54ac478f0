/**
 * Executes an experiment: asks its driver for the next step, runs it (a child
 * run in the worker pool, or the measurement of an existing model for the
 * baseline), measures the result and stores the step, until the driver says
 * done. Every step is stored when it starts and when it ends, so a cancelled or
 * crashed experiment keeps every finished step and resumes with the rest.
 */
import type { ExperimentStore } from '../../../db/experiments.ts';
import type { EngineContext } from '../../engine/context.ts';
import type { ExperimentEvent, ExperimentStatus, ExperimentStep } from '../types.ts';
import type { Driver, NextStep } from './drivers/common.ts';
import { launchRun, newRunIdentity } from './launch.ts';
import { measureStoredModel } from './measure.ts';

export type ExperimentControl = {
  cancelled: boolean;
  /** True once the engine is shutting down: stop without writing (the next start marks it interrupted). */
  closing: () => boolean;
  cancelRun: (() => void) | null;
};

type StepEnd = 'done' | 'cancelled' | 'closing';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export async function runExperiment(ctx: EngineContext, store: ExperimentStore, id: string, driver: Driver, control: ExperimentControl): Promise<void> {
  const emit = (e: ExperimentEvent) => control.closing() || ctx.emit('experiment.event', e);
  const kind = store.get(id)?.kind;
  if (!kind) return;
  emit({ type: 'experiment-started', experimentId: id, kind });
  let status: ExperimentStatus = 'completed';
  let error: string | null = null;
  try {
    for (;;) {
      if (control.closing()) return;
      if (control.cancelled) {
        status = 'cancelled';
        break;
      }
      const steps = store.get(id)?.steps ?? [];
      const decision = driver.next(steps);
      if (decision === null) break;
      if ('fail' in decision) {
        status = 'failed';
        error = decision.fail;
        break;
      }
      const number = steps.reduce((m, s) => Math.max(m, s.step + 1), 0);
      const end = await runStep(ctx, store, id, number, decision, driver, control, emit);
      if (end === 'closing') return;
      if (end === 'cancelled') {
        status = 'cancelled';
        break;
      }
    }
  } catch (e) {
    if (control.closing()) return;
    status = 'failed';
    error = message(e);
  }
  if (control.closing()) return;
  const bestStep = driver.best(store.get(id)?.steps ?? []);
  store.setStatus(id, status, { error, bestStep, finished: true });
  emit({ type: 'experiment-finished', experimentId: id, status, error, bestStep });
}

async function runStep(
  ctx: EngineContext,
  store: ExperimentStore,
  experimentId: string,
  number: number,
  next: NextStep,
  driver: Driver,
  control: ExperimentControl,
  emit: (e: ExperimentEvent) => void,
): Promise<StepEnd> {
  let step: ExperimentStep = {
    experimentId, step: number, kind: next.kind, label: next.label, status: 'running', runId: null, config: {},
    metrics: {}, size: null, sparsity: null, error: null, createdAt: new Date().toISOString(), finishedAt: null,
  };
  const finish = (patch: Partial<ExperimentStep>): void => {
    step = { ...step, ...patch, finishedAt: new Date().toISOString() };
    if (step.status === 'completed' && driver.accepted) step.accepted = driver.accepted(step);
    store.putStep(step);
    emit({ type: 'step-finished', experimentId, step });
  };

  if ('modelDir' in next) {
    // The baseline: an existing model, measured with the same settings as every later step.
    const run = next.runId ? ctx.store.runs.get(next.runId) : undefined;
    step = { ...step, runId: run?.id ?? null, config: run ? { spec: run.config.spec, hyperparams: run.config.hyperparams } : { modelDir: next.modelDir } };
    store.putStep(step);
    emit({ type: 'step-started', experimentId, step: number, kind: next.kind, label: next.label, runId: step.runId });
    const measured = await measureStoredModel(next.modelDir);
    if (control.closing()) return 'closing';
    finish({ status: 'completed', metrics: { val: run?.metrics.val, test: run?.metrics.test }, size: measured.size, sparsity: run?.metrics.sparsity ?? measured.sparsity });
    return 'done';
  }

  const identity = newRunIdentity(ctx);
  store.putStep(step);
  let built;
  try {
    built = await next.build(identity);
  } catch (e) {
    if (control.closing()) return 'closing';
    finish({ status: 'failed', error: message(e) });
    return 'done';
  }
  if (control.closing()) return 'closing';
  const launched = launchRun(ctx, { run: identity, ...built }, control.closing);
  step = { ...step, runId: launched.runId, config: built.stepConfig };
  store.putStep(step);
  emit({ type: 'step-started', experimentId, step: number, kind: next.kind, label: next.label, runId: launched.runId });
  control.cancelRun = launched.cancel;
  // A cancel that arrived while the step was being built.
  if (control.cancelled) launched.cancel();
  const result = await launched.result;
  control.cancelRun = null;
  if (control.closing() || result.status === 'interrupted') return 'closing';
  const metrics = { val: result.metrics.val, test: result.metrics.test };
  if (result.status === 'cancelled') {
    finish({ status: 'cancelled', metrics });
    return 'cancelled';
  }
  if (result.status !== 'completed') {
    finish({ status: 'failed', metrics, error: result.error ?? `the run ${result.status}` });
    return 'done';
  }
  const measured = await measureStoredModel(identity.artifactDir);
  if (control.closing()) return 'closing';
  finish({ status: 'completed', metrics, size: measured.size, sparsity: result.metrics.sparsity ?? measured.sparsity });
  return 'done';
}
