/**
 * Run handlers: thin wiring of the API to the run lifecycle (main/run/) and the
 * store. Reads show a run whose owner is gone as 'interrupted' even before a
 * sweep has stored it so, which is how a read-only process tells the truth
 * without writing.
 */
import { join } from 'node:path';
import { ApiError } from '../api/errors.ts';
import { type ParsedParams, type RunComparison } from '../api/contract.ts';
import type { RunRecord } from '../api/schemas.ts';
import { exportRun } from '../export/export-run.ts';
import { INTERRUPTED_MESSAGE } from '../../db/store.ts';
import { liveOwnerIds } from '../run/ownership.ts';
import { runFilesDir } from '../storage/artifacts.ts';
import { diffConfigs } from './config-diff.ts';
import { findDataset, homeLayout, type JobContext } from '../run/context.ts';
import { deleteWithFiles } from './deletion.ts';
import { assertWritable } from '../run/path-policy.ts';

/** Records as a reader should see them: a queued/running run whose owner is gone was interrupted. */
export async function withLiveStatus(ctx: JobContext, runs: RunRecord[]): Promise<RunRecord[]> {
  if (!runs.some((r) => r.status === 'running' || r.status === 'queued')) return runs;
  const live = await liveOwnerIds(ctx.store);
  return runs.map((r) =>
    (r.status === 'running' || r.status === 'queued') && !(r.ownerId && live.has(r.ownerId))
      ? { ...r, status: 'interrupted', error: r.error ?? INTERRUPTED_MESSAGE }
      : r,
  );
}

export async function getRun(ctx: JobContext, runId: string): Promise<RunRecord> {
  const run = await ctx.store.runs.get(runId);
  if (!run) throw new ApiError('not_found', `No run with id '${runId}'.`);
  return (await withLiveStatus(ctx, [run]))[0];
}

export function runHandlers(ctx: JobContext) {
  function exportDir(runId: string, outDir: string | undefined): string {
    const exportsRoot = homeLayout(ctx.home).exports;
    if (!outDir) return join(exportsRoot, `${runId}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    return assertWritable(ctx.paths, outDir, 'export');
  }

  return {
    'runs.start': async (config: ParsedParams<'runs.start'>) => {
      const dataset = await findDataset(ctx, config.datasetId);
      const resolved = { ...config, datasetId: dataset.id };
      const handle = await ctx.launcher.start({ config: resolved, dataset, name: config.name ?? `${config.spec.name ?? 'model'} on ${dataset.name}` });
      return { runId: handle.runId };
    },
    'runs.cancel': async ({ runId }: ParsedParams<'runs.cancel'>) => {
      await getRun(ctx, runId);
      const run = ctx.launcher.get(runId);
      run?.cancel();
      return { cancelled: Boolean(run) };
    },
    'runs.list': async (query: ParsedParams<'runs.list'>) => {
      const page = await ctx.store.runs.list(query);
      return { total: page.total, items: await withLiveStatus(ctx, page.items) };
    },
    'runs.get': ({ runId }: ParsedParams<'runs.get'>) => getRun(ctx, runId),
    'runs.metrics': async ({ runId, maxPoints }: ParsedParams<'runs.metrics'>) => {
      await getRun(ctx, runId);
      return { runId, points: await ctx.store.metrics.get(runId, maxPoints) };
    },
    'runs.compare': async ({ runIds }: ParsedParams<'runs.compare'>): Promise<RunComparison> => {
      const runs: RunRecord[] = [];
      for (const id of runIds) runs.push(await getRun(ctx, id));
      const metrics = [];
      for (const r of runs) metrics.push({ runId: r.id, points: await ctx.store.metrics.get(r.id, 2000) });
      return { runs, metrics, configDiff: diffConfigs(runs.map((r) => r.config)) };
    },
    'runs.update': async ({ runId, ...patch }: ParsedParams<'runs.update'>) => {
      await getRun(ctx, runId);
      await ctx.store.runs.update(runId, patch);
      return getRun(ctx, runId);
    },
    'runs.delete': async ({ runId }: ParsedParams<'runs.delete'>) => {
      const run = await getRun(ctx, runId);
      if (run.status === 'running' || run.status === 'queued') {
        throw new ApiError('conflict', `Run '${run.name}' is still ${run.status}; cancel it first.`);
      }
      const dir = await ctx.store.runs.artifactDir(runId);
      await deleteWithFiles(ctx.home, { kind: 'run', id: runId, dir }, () => ctx.store.runs.delete(runId));
      await ctx.artifacts.delete('run', runId);
      return { deleted: true as const };
    },
    'runs.export': async ({ runId, outDir, format, withPreprocessing }: ParsedParams<'runs.export'>) => {
      const run = await getRun(ctx, runId);
      if (run.status !== 'completed') throw new ApiError('conflict', `Run '${run.name}' is ${run.status}; only completed runs have a model to export.`);
      const artifactDir = await runFilesDir(ctx, runId);
      if (!artifactDir) throw new ApiError('not_found', `Run '${run.name}' has no stored model.`);
      const meta = await findDataset(ctx, run.datasetId);
      return exportRun({ run, artifactDir, meta }, exportDir(runId, outDir), { format, withPreprocessing });
    },
  };
}
