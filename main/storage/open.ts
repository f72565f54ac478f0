/**
 * Opens what a storage URL chose (storage-url.ts): the Store and the
 * ArtifactStore that go with it. The one place that knows both backends.
 */
import { createPostgresStore } from '../../db/postgres/index.ts';
import { createSqliteStore } from '../../db/sqlite/index.ts';
import type { Store } from '../../db/store.ts';
import { folderArtifacts, type ArtifactStore } from './artifacts.ts';
import { databaseArtifacts } from './pg-artifacts.ts';
import { chooseStorageUrl, describeChoice, parseStorageUrl } from './storage-url.ts';
import type { StorageSource, StoreDescription } from './types.ts';

/** `current`: what was opened, as people see it, and where the choice came from (app.info, the settings screen). */
export type Storage = { store: Store; artifacts: ArtifactStore; current: StoreDescription & { source: StorageSource } };

export type StorageOptions = {
  /** --storage (or the engine option); else MODELBENCH_STORAGE, else <home>/settings.json, else SQLite in home. */
  url?: string;
  env?: Record<string, string | undefined>;
  /** How long PostgreSQL calls keep retrying a dropped connection (default 30 s; workers wait longer). */
  retryMs?: number;
};

export async function openStorage(home: string, opts: StorageOptions = {}): Promise<Storage> {
  const { url, source } = chooseStorageUrl(opts.url, opts.env ?? process.env, home);
  const choice = parseStorageUrl(url, home);
  const current = { ...describeChoice(choice), source };
  if (choice.kind === 'sqlite') return { store: createSqliteStore(choice.file), artifacts: folderArtifacts, current };
  const store = await createPostgresStore(choice.url, { retryMs: opts.retryMs });
  return { store, artifacts: choice.artifacts.kind === 'database' ? databaseArtifacts(store.connection, home) : folderArtifacts, current };
}
