/**
 * Owner ids (main/run/ownership.ts) say where the process ran: `host/pid/uuid`.
 * A trial keeps its owner's id after the owner row is gone, so "which machine
 * ran this trial" stays answerable (the study timeline) with no extra column.
 */
import { randomUUID } from 'node:crypto';

export const newOwnerId = (host: string, pid: number): string => `${host.replace(/\//g, '_')}/${pid}/${randomUUID()}`;

/** 'host/pid' of an owner id, or null for ids without one (ask/tell trials, rows from before owners said where). */
export function ownerMachine(ownerId: string | null | undefined): string | null {
  const m = ownerId ? /^([^/]+)\/(\d+)\/[0-9a-f-]{36}$/.exec(ownerId) : null;
  return m ? `${m[1]}/${m[2]}` : null;
}
