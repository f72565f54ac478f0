/**
 * What every experiment driver shares. A driver decides, from the steps stored
 * so far, which step comes next; the runner (../runner.ts) executes it. Because
 * the decision depends only on stored steps, a resumed experiment continues
 * exactly where the last process stopped.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RunLineage, StoredDataset } from '../../../../db/store.ts';
import { ApiError } from '../../../api/errors.ts';
import type { FinalMetrics, HyperParams, RunConfig, RunRecord } from '../../../api/schemas.ts';
import { findDataset, type JobContext } from '../../../run/context.ts';
import { runFilesDir } from '../../../storage/artifacts.ts';
import type { ExperimentStep, TrainPlan } from '../../types.ts';
import type { RunIdentity } from '../../../run/lifecycle.ts';

export type BuiltStep = {
  config: RunConfig;
  name: string;
  dataset: StoredDataset;
  plan?: TrainPlan;
  lineage?: RunLineage;
  /** Stored as the step's config: what was asked (spec, plan, overrides). */
  stepConfig: Record<string, unknown>;
  paramCount: number;
  flops: number;
};

export type NextStep =
  /** Records an existing model (a run, or an imported model with no run) as step 0: measured, not trained. */
  | {
      kind: 'baseline'; label: string; runId: string | null; modelDir: string;
      /** The baseline's own metrics when it is not a run (an ensemble teacher); a run's come from the run. */
      metrics?: Pick<FinalMetrics, 'val' | 'test'>;
    }
  | { kind: string; label: string; build(run: RunIdentity): Promise<BuiltStep> };

export type Decision = NextStep | { fail: string } | null;

export type Driver = {
  next(steps: ExperimentStep[]): Decision;
  /** Shrink: whether a finished step met the goal. */
  accepted?(step: ExperimentStep): boolean;
  /** The step the experiment recommends, if any. */
  best(steps: ExperimentStep[]): number | null;
};

/** A completed run with a saved model, or a clear error. */
export async function modelRun(ctx: JobContext, runId: string, role: string): Promise<{ run: RunRecord; dir: string; dataset: StoredDataset }> {
  const run = await ctx.store.runs.get(runId);
  if (!run) throw new ApiError('not_found', `No run with id '${runId}' (the ${role}).`);
  const dir = await runFilesDir(ctx, runId);
  if (run.status !== 'completed' || !dir || !existsSync(join(dir, 'model.json'))) {
    throw new ApiError('conflict', `Run '${run.name}' (${run.id}) is ${run.status} and has no saved model; the ${role} must be a completed run.`);
  }
  return { run, dir, dataset: await findDataset(ctx, run.datasetId) };
}

export function withOverrides(hp: HyperParams, o: { epochs?: number; learningRate?: number }): HyperParams {
  return {
    ...hp,
    ...(o.epochs !== undefined ? { epochs: o.epochs } : {}),
    optimizer: o.learningRate !== undefined ? { ...hp.optimizer, learningRate: o.learningRate } : hp.optimizer,
  };
}

/**
 * Fixed sequences (prune, distill, finetune): the first step kind without a
 * completed step runs next. A step that failed (not one that was interrupted or
 * cancelled, which simply run again) ends the experiment as failed.
 */
export function sequence(items: NextStep[], steps: ExperimentStep[]): Decision {
  for (const item of items) {
    const mine = steps.filter((s) => s.kind === item.kind);
    if (mine.some((s) => s.status === 'completed')) continue;
    const last = mine.at(-1);
    if (last?.status === 'failed') return { fail: `The ${item.label} step failed: ${last.error ?? 'unknown error'}` };
    return item;
  }
  return null;
}

export const fmtShape = (s: readonly (number | null)[]) => `[${s.join(', ')}]`;

/** The last completed step of a kind. */
export function completed(steps: ExperimentStep[], kind: string): ExperimentStep | undefined {
  return steps.filter((s) => s.kind === kind && s.status === 'completed').at(-1);
}
