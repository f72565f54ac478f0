/** What the engine's handlers share: the store, the run launcher, the event fan-out, this process's owner and the path policy. */
import { join } from 'node:path';
import type { Store } from '../../db/store.ts';
import type { EventName, Events } from '../api/contract.ts';
import { requireOwner, type RunLauncher } from '../run/lifecycle.ts';
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
  /** Starts and tracks runs: the one run lifecycle (main/run/lifecycle.ts). */
  launcher: RunLauncher;
  /** This process's owner id (main/run/ownership.ts); null when the engine was opened read-only. */
  ownerId: string | null;
};

/** The owner id that jobs started now will carry; a read-only engine starts no jobs. */
export const jobOwner = (ctx: EngineContext): string => requireOwner(ctx.ownerId);

export type { PathPolicy } from './path-policy.ts';

export const homeLayout = (home: string) => ({
  database: join(home, 'modelbench.db'),
  datasets: join(home, 'datasets'),
  runs: join(home, 'runs'),
  exports: join(home, 'exports'),
  imports: join(home, 'imports'),
  trash: join(home, 'trash'),
});
