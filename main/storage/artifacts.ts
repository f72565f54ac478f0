/**
 * Artifacts: the files beside the store (a run's model, weights, recipe and
 * split; a dataset's tensors), reachable by every process that shares the
 * store. Writers still write a local folder (atomic file writes, as before) and
 * then `put` it; readers ask `local` for a directory they can read.
 *
 * `folder`: the files are in the data folder, which every process sharing the
 * store sees (one machine, or a mounted share): put does nothing, local returns
 * the folder. This is what SQLite uses; nothing is copied.
 * `database` (db/postgres): see pg-artifacts.ts.
 */
import type { Store, StoredDataset } from '../../db/store.ts';

/** A run's folder, a dataset's tensors, or an ensemble's merged model (<home>/ensembles/<id>). */
export type ArtifactScope = 'run' | 'dataset' | 'ensemble';

export interface ArtifactStore {
  readonly kind: 'folder' | 'database';
  /** Makes the files of `dir` (the run's or dataset's folder, written by this process) reachable by every process. */
  put(scope: ArtifactScope, key: string, dir: string): Promise<void>;
  /** A local directory with the files: `dir` itself when it is here, else a cached copy fetched from the store. */
  local(scope: ArtifactScope, key: string, dir: string): Promise<string>;
  /** Removes the stored copy (the local folder is the caller's: main/engine/deletion.ts). */
  delete(scope: ArtifactScope, key: string): Promise<void>;
}

export const folderArtifacts: ArtifactStore = {
  kind: 'folder',
  put: async () => {},
  local: async (_scope, _key, dir) => dir,
  delete: async () => {},
};

type Sources = { store: Pick<Store, 'runs'>; artifacts: ArtifactStore };

/**
 * The one way to read a run's files (model, weights, recipe, split): a local
 * directory, fetched from the artifact store when this machine does not have
 * it. Undefined for an unknown run. Export, size, compression, ensembles and
 * explanations all go through here.
 */
export async function runFilesDir(ctx: Sources, runId: string): Promise<string | undefined> {
  const dir = await ctx.store.runs.artifactDir(runId);
  return dir === undefined ? undefined : ctx.artifacts.local('run', runId, dir);
}

/** The one way to read a dataset's tensors: a local directory (see runFilesDir). */
export const datasetFilesDir = (ctx: { artifacts: ArtifactStore }, dataset: Pick<StoredDataset, 'id' | 'dir'>): Promise<string> =>
  ctx.artifacts.local('dataset', dataset.id, dataset.dir);
