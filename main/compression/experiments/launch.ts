/**
 * Starts one child run of an experiment: the same bookkeeping as a plain run
 * (main/engine/runs.ts: a 'queued' row, training in the worker pool, metrics per
 * epoch into SQLite, 'run.event' to the UI) plus what plain runs lack: a
 * TrainPlan for the worker, lineage to the parent run, and the counts of the
 * model actually trained (a warm-started or pruned model may differ from any spec).
 */
import { join } from 'node:path';
import type { RunLineage } from '../../../db/store.ts';
import type { MetricPoint, RunConfig, RunEvent, RunRecord } from '../../api/schemas.ts';
import type { StoredDataset } from '../../../db/store.ts';
import { loadDatasetFiles } from '../../data/store.ts';
import { homeLayout, type EngineContext } from '../../engine/context.ts';
import { epochPoints } from '../../engine/runs.ts';
import type { TrainResult } from '../../train/trainer.ts';
import { writeFileAtomic } from '../../util/atomic-write.ts';
import { newId } from '../../util/ids.ts';
import type { TrainPlan } from '../types.ts';

export type RunIdentity = { runId: string; artifactDir: string };

export function newRunIdentity(ctx: EngineContext): RunIdentity {
  const runId = newId('run');
  return { runId, artifactDir: join(homeLayout(ctx.home).runs, runId) };
}

export type LaunchRequest = {
  run: RunIdentity;
  dataset: StoredDataset;
  config: RunConfig;
  name: string;
  plan?: TrainPlan;
  lineage?: RunLineage;
  /** Counts before training (from the spec); replaced by the trained model's. */
  paramCount: number;
  flops: number;
};

export type LaunchedRun = { runId: string; result: Promise<TrainResult>; cancel(): void };

export function launchRun(ctx: EngineContext, req: LaunchRequest, isClosing: () => boolean): LaunchedRun {
  const { runId, artifactDir } = req.run;
  const run: RunRecord = {
    id: runId, name: req.name, datasetId: req.dataset.id, datasetName: req.dataset.name, status: 'queued',
    config: req.config, backend: null, versions: ctx.versions, seed: req.config.seed,
    paramCount: req.paramCount, flops: req.flops, createdAt: new Date().toISOString(), startedAt: null,
    finishedAt: null, durationMs: null, epochsDone: 0, error: null, metrics: {}, notes: '', tags: req.plan ? tagsFor(req.plan) : [],
  };
  ctx.store.runs.insert(run, artifactDir, req.lineage);
  // The plan is part of how this run was made; keep it beside the model (a RunConfig alone cannot replay it).
  if (req.plan) writeFileAtomic(join(artifactDir, 'plan.json'), JSON.stringify({ plan: req.plan, lineage: req.lineage ?? null }, null, 2));

  const onEvent = (event: RunEvent) => {
    if (isClosing()) return;
    if (event.type === 'started') ctx.store.runs.update(runId, { status: 'running', startedAt: new Date().toISOString(), backend: event.backend });
    else if (event.type === 'epoch') {
      ctx.store.metrics.append(runId, epochPoints(event));
      ctx.store.runs.update(runId, { epochsDone: event.epoch });
    } else if (event.type === 'finished') return; // announced below, once stored
    ctx.emit('run.event', event);
  };

  const startedMs = Date.now();
  const job = ctx.pool.submit({ runId, config: req.config, meta: req.dataset, data: loadDatasetFiles(req.dataset.dir), artifactDir, plan: req.plan }, onEvent);
  const result = job.result.then((r) => {
    if (isClosing()) return r;
    try {
      const test: MetricPoint[] = Object.entries(r.metrics.test ?? {})
        .map(([name, value]) => ({ epoch: r.epochsDone, split: 'test' as const, name, value }))
        .filter((p) => Number.isFinite(p.value));
      if (test.length) ctx.store.metrics.append(runId, test);
      ctx.store.runs.update(runId, {
        status: r.status, metrics: r.size ? { ...r.metrics, size: r.size } : r.metrics, error: r.error, backend: r.backend || null, epochsDone: r.epochsDone,
        finishedAt: new Date().toISOString(), durationMs: Date.now() - startedMs,
        ...(r.paramCount > 0 ? { paramCount: r.paramCount, flops: r.flops } : {}),
      });
      ctx.emit('run.event', { type: 'finished', runId, status: r.status, metrics: r.metrics, error: r.error });
    } catch {
      // The store closed under us (shutdown): the next start marks the run interrupted.
    }
    return r;
  });
  return { runId, result, cancel: job.cancel };
}

function tagsFor(plan: TrainPlan): string[] {
  const tags: string[] = [];
  if (plan.pruning) tags.push('pruned');
  if (plan.distill) tags.push('distilled');
  if (plan.init && !plan.init.reinitialize) tags.push('warm-start');
  return tags;
}
