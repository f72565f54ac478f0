/** A run launcher on a real SQLite store and a real training pool, with the iris sample imported: the lifecycle tests' set-up. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore, type SqliteStore } from '../../../db/sqlite/index.ts';
import type { StoredDataset } from '../../../db/store.ts';
import { createEngine } from '../../../main/engine/engine.ts';
import { RunLauncher, type RunContext } from '../../../main/run/lifecycle.ts';
import { folderArtifacts } from '../../../main/storage/artifacts.ts';
import { TrainerPool } from '../../../main/train/pool.ts';

export type LauncherFixture = {
  home: string; store: SqliteStore; pool: TrainerPool; launcher: RunLauncher; dataset: StoredDataset;
  /** Closes the launcher (and with it the pool), the store, and removes the home. */
  close(): Promise<void>;
};

/** `emit` receives the lifecycle's events; the pool uses the default backend order, as the app's does. */
export async function openLauncher(label: string, emit: RunContext['emit'] = () => {}): Promise<LauncherFixture> {
  const home = mkdtempSync(join(tmpdir(), `mb-${label}-`));
  const engine = await createEngine({ home, workers: 1 });
  const id = (await engine.call('datasets.importSample', { sample: 'iris' })).id;
  await engine.close();
  const store = createSqliteStore(join(home, 'modelbench.db'));
  const dataset = (await store.datasets.get(id))!;
  const pool = new TrainerPool({ size: 1 });
  const launcher = new RunLauncher({ home, store, pool, emit, versions: {}, ownerId: 'test-owner', artifacts: folderArtifacts });
  return {
    home, store, pool, launcher, dataset,
    async close() {
      await launcher.close();
      await store.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
