/**
 * The training executor: a trial is a run. It stores a RunRecord like
 * runs.start does (so every trial shows in the run list with metrics and
 * artifacts), trains it in the engine's TrainerPool, reports the first
 * objective each epoch (1-based step = epoch) and cancels the run when the
 * pruner says so. The trial ends only after the run's final status is stored.
 */
import { join } from 'node:path';
import type { DatasetMeta, MetricPoint, RunEvent, RunRecord } from '../api/schemas.ts';
import type { DatasetTensors } from '../data/types.ts';
import type { EngineContext } from '../engine/context.ts';
import { homeLayout } from '../engine/context.ts';
import { epochPoints } from '../engine/runs.ts';
import { outputUnitsFor } from '../model/builder.ts';
import { analyseSpec } from '../model/counts.ts';
import type { TrainResult } from '../train/trainer.ts';
import { newId } from '../util/ids.ts';
import type { MetricObjective, StudyConfig } from './config.ts';
import { INTERRUPTED_PREFIX, type TrialExecutor, type TrialOutcome } from './executor.ts';
import { measureLatencyMs } from './latency.ts';
import { epochValue, objectiveValues } from './objectives.ts';
import { trialRunConfig } from './trial-config.ts';

export type TrainStudy = { id: string; name: string; config: StudyConfig; metrics: MetricObjective[] };

export function createTrainExecutor(ctx: EngineContext, study: TrainStudy, dataset: DatasetMeta & { dir: string }, data: DatasetTensors): TrialExecutor {
  return ({ number, params }, hooks) => {
    let runConfig;
    try {
      runConfig = trialRunConfig(study.config, dataset.id, params, `${study.name} #${number}`);
    } catch (error) {
      return { done: Promise.resolve({ state: 'failed', error: (error as Error).message }), cancel() {} };
    }
    const count = analyseSpec(runConfig.spec, dataset.inputShape, outputUnitsFor(dataset.task, dataset.classes));
    if (!count.ok) return { done: Promise.resolve({ state: 'failed', error: `cannot build: ${count.error}` }), cancel() {} };

    const runId = newId('run');
    const artifactDir = join(homeLayout(ctx.home).runs, runId);
    const now = new Date().toISOString();
    const run: RunRecord = {
      id: runId, name: runConfig.name ?? `trial ${number}`, datasetId: dataset.id, datasetName: dataset.name, status: 'queued',
      config: runConfig, backend: null, versions: ctx.versions, seed: runConfig.seed, paramCount: count.paramCount, flops: count.flops,
      createdAt: now, startedAt: null, finishedAt: null, durationMs: null, epochsDone: 0, error: null, metrics: {},
      notes: `Trial ${number} of study ${study.name} (${study.id}). Params: ${JSON.stringify(params)}`,
      tags: ['study', `study:${study.id}`],
    };
    ctx.store.runs.insert(run, artifactDir);
    hooks.attachRun?.(runId);

    let prunedAt: number | null | undefined; // set once the pruner stopped the run
    let stopReason: string | null = null;
    const startedMs = Date.now();
    const first = study.metrics[0];
    const onEvent = (event: RunEvent) => {
      if (event.type === 'started') {
        ctx.store.runs.update(runId, { status: 'running', startedAt: new Date().toISOString(), backend: event.backend });
      } else if (event.type === 'epoch') {
        ctx.store.metrics.append(runId, epochPoints(event));
        ctx.store.runs.update(runId, { epochsDone: event.epoch });
        const value = epochValue(first, event.val);
        if (value !== undefined && prunedAt === undefined && stopReason === null && hooks.report(event.epoch, value)) {
          prunedAt = event.epoch;
          job.cancel();
        }
      } else if (event.type === 'finished') return; // announced below, once the final status is stored
      ctx.emit('run.event', event);
    };
    const job = ctx.pool.submit({ runId, config: runConfig, meta: dataset, data, artifactDir }, onEvent);

    const done = job.result
      .catch((error: unknown): TrainResult => ({
        status: 'failed', metrics: {}, epochsDone: 0, error: error instanceof Error ? error.message : String(error),
        backend: 'unknown', paramCount: count.paramCount, flops: count.flops, recipe: null,
      }))
      .then(async (result): Promise<TrialOutcome> => {
        const epochsDone = Math.max(result.epochsDone, ctx.store.runs.get(runId)?.epochsDone ?? 0);
        const pruned = prunedAt !== undefined;
        const error = pruned ? `pruned at epoch ${prunedAt}` : result.error ?? (stopReason && result.status !== 'completed' ? stopReason : null);
        storeFinal(ctx, runId, startedMs, { ...result, epochsDone, error }, result.metrics.test ? epochsDone : null);
        if (pruned) return { state: 'pruned', step: prunedAt ?? null };
        if (result.status === 'completed') return completeOutcome(study, artifactDir, dataset, result);
        if (result.status === 'cancelled' || result.status === 'interrupted')
          return { state: 'failed', error: `${INTERRUPTED_PREFIX}${stopReason ?? result.error ?? result.status}`, interrupted: true };
        return { state: 'failed', error: `run ${result.status}${result.error ? `: ${result.error}` : ''}` };
      });
    return {
      done,
      cancel(reason) {
        stopReason ??= reason;
        job.cancel();
      },
    };
  };
}

async function completeOutcome(study: TrainStudy, artifactDir: string, dataset: DatasetMeta, result: TrainResult): Promise<TrialOutcome> {
  let latencyMs: number | undefined;
  if (study.metrics.includes('latency_ms')) {
    try {
      latencyMs = await measureLatencyMs(artifactDir, dataset.inputShape, { batchSize: study.config.latency?.batchSize ?? 32, repeats: study.config.latency?.repeats ?? 15 });
    } catch (error) {
      return { state: 'failed', error: `latency measurement failed: ${(error as Error).message}` };
    }
  }
  const values = objectiveValues(study.metrics, { metrics: result.metrics, paramCount: result.paramCount, flops: result.flops, latencyMs });
  const missing = study.metrics.filter((_, i) => !Number.isFinite(values[i]));
  if (missing.length) return { state: 'failed', error: `the run reported no ${missing.join(', ')}` };
  return { state: 'complete', values };
}

/** The run's final row, as runs.ts stores it, then its 'finished' event. */
function storeFinal(ctx: EngineContext, runId: string, startedMs: number, result: TrainResult, testEpoch: number | null): void {
  if (testEpoch !== null) {
    const points: MetricPoint[] = Object.entries(result.metrics.test ?? {}).map(([name, value]) => ({ epoch: testEpoch, split: 'test', name, value }));
    ctx.store.metrics.append(runId, points.filter((p) => Number.isFinite(p.value)));
  }
  ctx.store.runs.update(runId, {
    status: result.status, metrics: result.metrics, error: result.error, backend: result.backend, epochsDone: result.epochsDone,
    finishedAt: new Date().toISOString(), durationMs: Date.now() - startedMs,
  });
  ctx.emit('run.event', { type: 'finished', runId, status: result.status, metrics: result.metrics, error: result.error });
}
