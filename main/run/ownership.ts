/**
 * Jobs belong to their process. A process that runs jobs registers one owner
 * (a random id, its pid and host) with a lease that it renews by heartbeat; the
 * jobs it starts carry that id. Another process decides that an owner is gone
 * when its pid is dead on this host, or when its lease has expired (the only
 * test that works across machines), and only then sweeps its jobs to
 * 'interrupted' (db/store.ts, guarantee 5).
 *
 * Why these timings: the engine thread never trains, but a big synchronous
 * import (parsing a 200 MB CSV) can hold it for tens of seconds, so the lease
 * must outlive the longest stall by a wide margin, while a dead worker on
 * another machine should still be noticed within minutes.
 */
import { hostname } from 'node:os';
import type { OrphanCounts, Owner, Store } from '../../db/store.ts';
import { newOwnerId } from '../util/owner-id.ts';

/** An owner whose heartbeat is older than this is gone (2 minutes). */
export const LEASE_MS = 120_000;
/** How often a live owner renews its lease: 8 chances before it expires. */
export const HEARTBEAT_MS = 15_000;
/** Orphans are swept at start and every this many heartbeats (every minute). */
const SWEEP_EVERY_BEATS = 4;

export type Liveness = { host: string; nowMs: number; pidAlive(pid: number): boolean };

/** True when a process with this pid exists (signal 0 only checks; EPERM means it exists but is not ours). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

export const localLiveness = (): Liveness => ({ host: hostname(), nowMs: Date.now(), pidAlive });

/** Pure: is this owner gone? A dead pid on this host, or an expired lease anywhere. */
export function isGone(owner: Owner, live: Liveness): boolean {
  if (owner.host === live.host && !live.pidAlive(owner.pid)) return true;
  return live.nowMs - owner.heartbeatMs > owner.leaseMs;
}

/** Ids of the owners that are still alive. Reads only. */
export async function liveOwnerIds(store: Store, live: Liveness = localLiveness()): Promise<Set<string>> {
  return new Set((await store.owners.list()).filter((o) => !isGone(o, live)).map((o) => o.id));
}

/** Removes gone owners and interrupts every job no live owner holds (one atomic sweep). */
export async function sweepOrphans(store: Store, live: Liveness = localLiveness()): Promise<OrphanCounts> {
  const gone = (await store.owners.list()).filter((o) => isGone(o, live)).map((o) => o.id);
  return store.owners.interruptOrphans(gone, new Date(live.nowMs).toISOString());
}

/**
 * This process's owner row: registered at start, renewed every HEARTBEAT_MS,
 * released at stop. The timer is unref'd: a lease never keeps a process alive.
 */
/** A lease's timings; the defaults above suit people. Workers' tests use short ones to see expiry happen. */
export type LeaseTiming = { leaseMs: number; heartbeatMs: number };

export class OwnerLease {
  readonly id = newOwnerId(hostname(), process.pid);
  readonly #store: Store;
  readonly #label: string;
  readonly #timing: LeaseTiming;
  #timer: NodeJS.Timeout | null = null;
  #beats = 0;
  #beating: Promise<void> = Promise.resolve();

  private constructor(store: Store, label: string, timing: LeaseTiming) {
    this.#store = store;
    this.#label = label;
    this.#timing = timing;
  }

  /** Registers this process and sweeps the orphans other processes left. */
  static async start(store: Store, label: string, timing: Partial<LeaseTiming> = {}): Promise<OwnerLease> {
    const lease = new OwnerLease(store, label, { leaseMs: LEASE_MS, heartbeatMs: HEARTBEAT_MS, ...timing });
    await lease.#register();
    await sweepOrphans(store);
    lease.#timer = setInterval(() => {
      lease.#beating = lease.#beating.then(() => lease.#beat());
    }, lease.#timing.heartbeatMs);
    lease.#timer.unref();
    return lease;
  }

  async #register(): Promise<void> {
    const now = Date.now();
    await this.#store.owners.register({ id: this.id, pid: process.pid, host: hostname(), label: this.#label, startedMs: now, heartbeatMs: now, leaseMs: this.#timing.leaseMs });
  }

  async #beat(): Promise<void> {
    try {
      // The row is gone when another process judged this one dead (e.g. after the machine slept):
      // come back; the jobs still running here will store their real final state when they end.
      if (!(await this.#store.owners.heartbeat(this.id, Date.now()))) await this.#register();
      if (++this.#beats % SWEEP_EVERY_BEATS === 0) await sweepOrphans(this.#store);
    } catch {
      // A missed beat is retried on the next tick; the lease allows eight.
    }
  }

  /** Stops the heartbeat and removes the owner row (clean exit). */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#beating;
    await this.#store.owners.release(this.id);
  }
}
