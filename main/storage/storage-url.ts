/**
 * Which store and which artifact store a process uses, from one storage URL.
 *
 *   (none), `sqlite`           the embedded SQLite file in the data folder (the default)
 *   `sqlite:/path/file.db`     another SQLite file
 *   `postgresql://user@host:5432/db[?sslmode=…][&artifacts=…]`   PostgreSQL (`postgres://` too)
 *
 * Artifacts (model weights, run files, dataset tensors) must be reachable by
 * every process that shares the store. With SQLite they are files in the data
 * folder. With PostgreSQL, `artifacts=database` (the default) keeps them in the
 * database (chunked bytea, cached in each machine's data folder), and
 * `artifacts=folder` keeps them as files in the data folder, which every machine
 * then mounts (NFS, SMB…) and passes as --home. `artifacts` is ours: it is removed
 * before the URL reaches `pg`.
 *
 * The URL comes from --storage, else MODELBENCH_STORAGE, else the data folder's
 * settings.json (`{"storage": "…"}`), else the default. Pure: nothing here opens anything.
 */
import { join, resolve } from 'node:path';
import { ApiError } from '../api/errors.ts';
import { redactUrl } from '../../db/postgres/connection.ts';
import { savedStorageUrl } from './settings.ts';
import type { StorageSource, StoreDescription } from './types.ts';

export type ArtifactChoice = { kind: 'folder'; root: string } | { kind: 'database' };

export type StorageChoice =
  | { kind: 'sqlite'; file: string; artifacts: ArtifactChoice & { kind: 'folder' } }
  | { kind: 'postgresql'; url: string; artifacts: ArtifactChoice };

/** --storage, then MODELBENCH_STORAGE, then <home>/settings.json's "storage"; no URL: the default. */
export function chooseStorageUrl(flag: string | undefined, env: Record<string, string | undefined>, home: string): { url: string | undefined; source: StorageSource } {
  if (flag?.trim()) return { url: flag.trim(), source: 'flag' };
  if (env.MODELBENCH_STORAGE?.trim()) return { url: env.MODELBENCH_STORAGE.trim(), source: 'env' };
  const saved = savedStorageUrl(home);
  return saved ? { url: saved, source: 'settings' } : { url: undefined, source: 'default' };
}

/** A choice as people see it: the SQLite file, or the URL without its password, and where run files go. */
export function describeChoice(choice: StorageChoice): StoreDescription {
  return choice.kind === 'sqlite'
    ? { kind: 'sqlite', location: choice.file, artifacts: 'folder' }
    : { kind: 'postgresql', location: redactUrl(choice.url), artifacts: choice.artifacts.kind };
}

/** Reads a storage URL; every error names what was expected and never shows a password. */
export function parseStorageUrl(text: string | undefined, home: string): StorageChoice {
  const homeFolder = { kind: 'folder' as const, root: home };
  if (!text || text === 'sqlite') return { kind: 'sqlite', file: join(home, 'modelbench.db'), artifacts: homeFolder };
  if (text.startsWith('sqlite:')) {
    const file = text.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!file) throw new ApiError('invalid_argument', "A sqlite: storage URL needs a file, e.g. 'sqlite:/data/modelbench.db'.");
    return { kind: 'sqlite', file: resolve(home, file), artifacts: homeFolder };
  }
  if (/^postgres(ql)?:\/\//.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new ApiError('invalid_argument', `Cannot read the storage URL ${redactUrl(text)}; expected postgresql://user@host:5432/database.`);
    }
    if (!url.hostname && !url.searchParams.get('host')) throw new ApiError('invalid_argument', `The storage URL ${redactUrl(text)} names no host.`);
    const artifacts = url.searchParams.get('artifacts');
    url.searchParams.delete('artifacts');
    if (artifacts !== null && artifacts !== 'database' && artifacts !== 'folder') {
      throw new ApiError('invalid_argument', `artifacts=${artifacts}: expected 'database' (the default) or 'folder' (a data folder every machine mounts).`);
    }
    const choice: ArtifactChoice = artifacts === 'folder' ? homeFolder : { kind: 'database' };
    return { kind: 'postgresql', url: url.toString(), artifacts: choice };
  }
  throw new ApiError('invalid_argument', `Unknown storage '${redactUrl(text)}': expected 'sqlite', 'sqlite:FILE' or 'postgresql://user@host:port/database'.`);
}
