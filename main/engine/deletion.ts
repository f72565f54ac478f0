/**
 * Deleting something that is rows in the store *and* files beside it (a run's
 * model, a dataset's tensors) never leaves half of it behind:
 *
 *   1. rename its folder into <home>/trash/ (atomic on one file system);
 *   2. delete its rows (one store transaction);
 *   3. remove the trashed folder.
 *
 * If step 2 fails, the folder is renamed back and nothing changed. If the
 * process dies between 1 and 3, `recoverTrash` (run when a job-running engine
 * starts) puts back every trashed folder whose rows still exist and removes
 * the others, so the pair is again whole or gone.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Store } from '../../db/store.ts';
import { ensembleDir } from '../ensemble/job/runner.ts';

export type Deletable = { kind: 'run' | 'dataset' | 'ensemble'; id: string; dir: string | undefined };

const trashDir = (home: string) => join(home, 'trash');
const entryName = (item: Deletable) => `${item.kind}~${item.id}`;

export async function deleteWithFiles(home: string, item: Deletable, deleteRows: () => Promise<void>): Promise<void> {
  const dir = item.dir && existsSync(item.dir) ? item.dir : undefined;
  if (!dir) return deleteRows();
  mkdirSync(trashDir(home), { recursive: true });
  const trashed = join(trashDir(home), entryName(item));
  rmSync(trashed, { recursive: true, force: true });
  renameSync(dir, trashed);
  try {
    await deleteRows();
  } catch (error) {
    renameSync(trashed, dir);
    throw error;
  }
  rmSync(trashed, { recursive: true, force: true });
}

/** Where a trashed folder came from, if its rows still exist. */
async function originalDir(store: Store, home: string, kind: string | undefined, id: string): Promise<string | undefined> {
  if (kind === 'run') return store.runs.artifactDir(id);
  if (kind === 'dataset') return (await store.datasets.get(id))?.dir;
  if (kind === 'ensemble') return (await store.ensembles.get(id)) ? ensembleDir(home, id) : undefined;
  return undefined;
}

/** Completes or undoes deletions a dead process left half done. Returns how many folders were restored and removed. */
export async function recoverTrash(home: string, store: Store): Promise<{ restored: number; removed: number }> {
  const trash = trashDir(home);
  if (!existsSync(trash)) return { restored: 0, removed: 0 };
  let restored = 0;
  let removed = 0;
  for (const name of readdirSync(trash)) {
    const [kind, id] = name.split('~');
    const original = await originalDir(store, home, kind, id ?? '');
    if (original && !existsSync(original)) {
      mkdirSync(dirname(original), { recursive: true });
      renameSync(join(trash, name), original);
      restored++;
    } else {
      rmSync(join(trash, name), { recursive: true, force: true });
      removed++;
    }
  }
  return { restored, removed };
}
