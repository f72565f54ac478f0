/**
 * What jobs and the engine's handlers share: the store, the run launcher, the
 * event fan-out, this process's owner and the path policy. It sits below the
 * engine facade so that job modules (studies, compression experiments,
 * ensembles, explanations) can use it without importing the engine.
 */
import { join } from 'node:path';
import type { Store, StoredDataset } from '../../db/store.ts';
import { ApiError } from '../api/errors.ts';
import type { ArtifactStore } from '../storage/artifacts.ts';
import type { EventName, Events } from '../api/events.ts';
import { requireOwner, type RunLauncher } from './lifecycle.ts';
import type { TrainerPool } from '../train/pool.ts';
import type { PathPolicy } from './path-policy.ts';

export type EventListener = <E extends EventName>(name: E, payload: Events[E]) => void;

export type JobContext = {
  home: string;
  store: Store;
  pool: TrainerPool;
  emit: EventListener;
  /** Version strings recorded with every run, so that any run can be replayed. */
  versions: Record<string, string>;
  /** What this caller may read, write and run (main/engine/path-policy.ts). */
  paths: PathPolicy;
  /** Where run and dataset files are shared with other processes (main/storage/artifacts.ts: runFilesDir, datasetFilesDir). */
  artifacts: ArtifactStore;
  /** Aborted when the engine starts closing: work that is not a run (imports, …) stops and cleans up. */
  closing: AbortSignal;
  /** Starts and tracks runs: the one run lifecycle (main/run/lifecycle.ts). */
  launcher: RunLauncher;
  /** This process's owner id (main/run/ownership.ts); null when the engine was opened read-only. */
  ownerId: string | null;
};

/** The owner id that jobs started now will carry; a read-only engine starts no jobs. */
export const jobOwner = (ctx: JobContext): string => requireOwner(ctx.ownerId);

/** Finds a dataset by id, or by its name when exactly one dataset has that name. */
export async function findDataset(ctx: Pick<JobContext, 'store'>, idOrName: string): Promise<StoredDataset> {
  const byId = await ctx.store.datasets.get(idOrName);
  if (byId) return byId;
  const byName = await ctx.store.datasets.byName(idOrName);
  if (byName.length === 1) return byName[0];
  if (byName.length > 1) {
    const ids = byName.map((d) => `${d.id} (imported ${d.createdAt.slice(0, 19).replace('T', ' ')})`).join(', ');
    throw new ApiError('conflict', `${byName.length} datasets are named '${idOrName}': ${ids}. Use the id.`);
  }
  throw new ApiError('not_found', `No dataset with id or name '${idOrName}'. Import one first (modelbench dataset import FILE).`);
}

export type { PathPolicy } from './path-policy.ts';

export const homeLayout = (home: string) => ({
  database: join(home, 'modelbench.db'),
  datasets: join(home, 'datasets'),
  runs: join(home, 'runs'),
  exports: join(home, 'exports'),
  imports: join(home, 'imports'),
  trash: join(home, 'trash'),
});
