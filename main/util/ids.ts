import { randomBytes } from 'node:crypto';

/** Sortable, collision-resistant ids: time prefix (base36) + random suffix. */
export function newId(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}${randomBytes(5).toString('hex')}`;
}
