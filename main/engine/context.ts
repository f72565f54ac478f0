/** What the engine's handlers share: the store, the trainer pool, the event fan-out and the path policy. */
import { join } from 'node:path';
import type { Store } from '../../db/store.ts';
import type { EventName, Events } from '../api/contract.ts';
import type { TrainerPool } from '../train/pool.ts';

export type EventListener = <E extends EventName>(name: E, payload: Events[E]) => void;

export type EngineContext = {
  home: string;
  store: Store;
  pool: TrainerPool;
  emit: EventListener;
  /** Version strings recorded with every run, so that any run can be replayed. */
  versions: Record<string, string>;
  paths: PathPolicy;
};

/**
 * Which paths a caller may read or write. The CLI trusts its user (unrestricted).
 * The web host and Electron restrict reads to files the user chose (Electron's
 * dialogs register them) or files inside the data folder, and writes to the data folder.
 */
export type PathPolicy = { restricted: boolean; chosen: Set<string> };

export const homeLayout = (home: string) => ({
  database: join(home, 'modelbench.db'),
  datasets: join(home, 'datasets'),
  runs: join(home, 'runs'),
  exports: join(home, 'exports'),
  imports: join(home, 'imports'),
});
