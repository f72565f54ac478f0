/** A run on its own: its row, metrics, files and dataset (all common to every bundle). */
import { ApiError } from '../../api/errors.ts';
import type { BundleKind } from './types.ts';

export const runKind: BundleKind = {
  kind: 'run',
  async collect(store, id) {
    const run = await store.runs.get(id);
    if (!run) throw new ApiError('not_found', `No run with id '${id}'.`);
    return { name: run.name, runIds: [id], jobs: {} };
  },
};
