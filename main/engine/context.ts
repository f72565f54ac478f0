/** What the engine's handlers share: the store, the trainer pool, the event fan-out and the path policy. */
import { join } from 'node:path';
import type { Store } from '../../db/store.ts';
import type { EventName, Events } from '../api/contract.ts';
import type { TrainerPool } from '../train/pool.ts';
import type { PathPolicy } from './path-policy.ts';

export type EventListener = <E extends EventName>(name: E, payload: Events[E]) => void;

export type EngineContext = {
  home: string;
  store: Store;
  pool: TrainerPool;
  emit: EventListener;
  /** Version strings recorded with every run, so that any run can be replayed. */
  versions: Record<string, string>;
  /** What this caller may read, write and run (main/engine/path-policy.ts). */
  paths: PathPolicy;
};

export type { PathPolicy } from './path-policy.ts';

export const homeLayout = (home: string) => ({
  database: join(home, 'modelbench.db'),
  datasets: join(home, 'datasets'),
  runs: join(home, 'runs'),
  exports: join(home, 'exports'),
  imports: join(home, 'imports'),
});
