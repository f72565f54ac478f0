/**
 * Run handlers. A run is validated (spec against the dataset's shape), stored as
 * 'queued', trained in the worker pool, and every event the worker reports is
 * written to SQLite (metrics in one transaction per epoch) and fanned out to the UI.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../api/errors.ts';
import { type ParsedParams, type RunComparison } from '../api/contract.ts';
import type { MetricPoint, RunConfig, RunEvent, RunRecord } from '../api/schemas.ts';
import { loadDatasetFiles } from '../data/store.ts';
import { exportRun } from '../export/export-run.ts';
import { analyseSpec } from '../model/counts.ts';
import { outputUnitsFor } from '../model/builder.ts';
import type { TrainResult } from '../train/trainer.ts';
import { newId } from '../util/ids.ts';
import { diffConfigs } from './config-diff.ts';
import { homeLayout, type EngineContext } from './context.ts';
import { findDataset } from './datasets.ts';
import { assertWritable } from './path-policy.ts';

type ActiveRun = { cancel(): void };

export function epochPoints(event: Extract<RunEvent, { type: 'epoch' }>): MetricPoint[] {
  const points: MetricPoint[] = [{ epoch: event.epoch, split: 'train', name: 'lr', value: event.learningRate }];
  for (const [name, value] of Object.entries(event.train)) points.push({ epoch: event.epoch, split: 'train', name, value });
  for (const [name, value] of Object.entries(event.val)) points.push({ epoch: event.epoch, split: 'val', name, value });
  return points.filter((p) => Number.isFinite(p.value));
}

export function runHandlers(ctx: EngineContext) {
  const active = new Map<string, ActiveRun>();

  function getRun(runId: string): RunRecord {
    const run = ctx.store.runs.get(runId);
    if (!run) throw new ApiError('not_found', `No run with id '${runId}'.`);
    return run;
  }

  function onEvent(runId: string, event: RunEvent): void {
    if (event.type === 'started') {
      ctx.store.runs.update(runId, { status: 'running', startedAt: new Date().toISOString(), backend: event.backend });
    } else if (event.type === 'epoch') {
      ctx.store.metrics.append(runId, epochPoints(event));
      ctx.store.runs.update(runId, { epochsDone: event.epoch });
    } else if (event.type === 'finished') {
      // The engine announces 'finished' itself, once the final status is in SQLite (see finish()).
      return;
    }
    ctx.emit('run.event', event);
  }

  function finish(runId: string, startedMs: number, result: TrainResult): void {
    const finishedAt = new Date().toISOString();
    const testPoints: MetricPoint[] = Object.entries(result.metrics.test ?? {}).map(([name, value]) => ({
      epoch: result.epochsDone,
      split: 'test',
      name,
      value,
    }));
    if (testPoints.length) ctx.store.metrics.append(runId, testPoints.filter((p) => Number.isFinite(p.value)));
    ctx.store.runs.update(runId, {
      status: result.status,
      metrics: result.metrics,
      error: result.error,
      backend: result.backend,
      epochsDone: result.epochsDone,
      finishedAt,
      durationMs: Date.now() - startedMs,
    });
    active.delete(runId);
    ctx.emit('run.event', { type: 'finished', runId, status: result.status, metrics: result.metrics, error: result.error });
  }

  function start(config: RunConfig): { runId: string } {
    const dataset = findDataset(ctx, config.datasetId);
    const count = analyseSpec(config.spec, dataset.inputShape, outputUnitsFor(dataset.task, dataset.classes));
    if (!count.ok) throw new ApiError('cannot_build', `This model cannot be built for dataset '${dataset.name}' (input ${JSON.stringify(dataset.inputShape)}): ${count.error}`);
    const runId = newId('run');
    const artifactDir = join(homeLayout(ctx.home).runs, runId);
    const resolved: RunConfig = { ...config, datasetId: dataset.id };
    const now = new Date().toISOString();
    const run: RunRecord = {
      id: runId,
      name: config.name ?? `${config.spec.name ?? 'model'} on ${dataset.name}`,
      datasetId: dataset.id,
      datasetName: dataset.name,
      status: 'queued',
      config: resolved,
      backend: null,
      versions: ctx.versions,
      seed: config.seed,
      paramCount: count.paramCount,
      flops: count.flops,
      createdAt: now,
      startedAt: null,
      finishedAt: null,
      durationMs: null,
      epochsDone: 0,
      error: null,
      metrics: {},
      notes: '',
      tags: [],
    };
    ctx.store.runs.insert(run, artifactDir);
    const data = loadDatasetFiles(dataset.dir);
    const startedMs = Date.now();
    const { result, cancel } = ctx.pool.submit({ runId, config: resolved, meta: dataset, data, artifactDir }, (event) => onEvent(runId, event));
    active.set(runId, { cancel });
    result.then(
      (r) => finish(runId, startedMs, r),
      (error: unknown) =>
        finish(runId, startedMs, {
          status: 'failed',
          metrics: {},
          epochsDone: ctx.store.runs.get(runId)?.epochsDone ?? 0,
          error: error instanceof Error ? error.message : String(error),
          backend: ctx.store.runs.get(runId)?.backend ?? 'unknown',
          paramCount: count.paramCount,
          flops: count.flops,
          recipe: null,
        }),
    );
    return { runId };
  }

  function exportDir(runId: string, outDir: string | undefined): string {
    const exportsRoot = homeLayout(ctx.home).exports;
    if (!outDir) return join(exportsRoot, `${runId}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    return assertWritable(ctx.paths, outDir, 'export');
  }

  return {
    'runs.start': start,
    'runs.cancel': ({ runId }: ParsedParams<'runs.cancel'>) => {
      getRun(runId);
      const run = active.get(runId);
      run?.cancel();
      return { cancelled: Boolean(run) };
    },
    'runs.list': (query: ParsedParams<'runs.list'>) => ctx.store.runs.list(query),
    'runs.get': ({ runId }: ParsedParams<'runs.get'>) => getRun(runId),
    'runs.metrics': ({ runId, maxPoints }: ParsedParams<'runs.metrics'>) => {
      getRun(runId);
      return { runId, points: ctx.store.metrics.get(runId, maxPoints) };
    },
    'runs.compare': ({ runIds }: ParsedParams<'runs.compare'>): RunComparison => {
      const runs = runIds.map(getRun);
      return {
        runs,
        metrics: runs.map((r) => ({ runId: r.id, points: ctx.store.metrics.get(r.id, 2000) })),
        configDiff: diffConfigs(runs.map((r) => r.config)),
      };
    },
    'runs.update': ({ runId, ...patch }: ParsedParams<'runs.update'>) => {
      getRun(runId);
      ctx.store.runs.update(runId, patch);
      return getRun(runId);
    },
    'runs.delete': ({ runId }: ParsedParams<'runs.delete'>) => {
      const run = getRun(runId);
      if (active.has(runId)) throw new ApiError('conflict', `Run '${run.name}' is still training; cancel it first.`);
      const dir = ctx.store.runs.artifactDir(runId);
      ctx.store.runs.delete(runId);
      if (dir) rmSync(dir, { recursive: true, force: true });
      return { deleted: true as const };
    },
    'runs.export': async ({ runId, outDir }: ParsedParams<'runs.export'>) => {
      const run = getRun(runId);
      if (run.status !== 'completed') throw new ApiError('conflict', `Run '${run.name}' is ${run.status}; only completed runs have a model to export.`);
      const artifactDir = ctx.store.runs.artifactDir(runId);
      if (!artifactDir) throw new ApiError('not_found', `Run '${run.name}' has no stored model.`);
      const meta = findDataset(ctx, run.datasetId);
      return exportRun({ run, artifactDir, meta }, exportDir(runId, outDir));
    },
    /** Cancels every active run: used on shutdown. */
    cancelAll: () => {
      for (const run of active.values()) run.cancel();
    },
  };
}
