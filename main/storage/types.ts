/**
 * Where results are stored, as the API shows it and the settings screen
 * changes it (storage.info, storage.test, storage.save). Plain shapes and one
 * zod schema: the renderer imports them.
 */
import { z } from 'zod';

export const STORE_KINDS = ['sqlite', 'postgresql'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];
export const ARTIFACT_PLACES = ['database', 'folder'] as const;
export type ArtifactPlace = (typeof ARTIFACT_PLACES)[number];

/** Limits of what the settings screen may send (a URL is short; these are generous). */
export const MAX_STORAGE_URL_CHARS = 2000;
export const MAX_PASSWORD_CHARS = 1000;

/**
 * What the settings screen may choose: the data folder's own SQLite file, or a PostgreSQL server with the
 * run files in its database or in the data folder (which every machine then mounts). The password may be given
 * apart from the URL; left out, a saved URL's password for the same user, host and database is kept.
 */
export const StorageSetting = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sqlite') }).strict(),
  z.object({
    kind: z.literal('postgresql'),
    url: z.string().trim().min(1).max(MAX_STORAGE_URL_CHARS),
    password: z.string().min(1).max(MAX_PASSWORD_CHARS).optional(),
    artifacts: z.enum(ARTIFACT_PLACES).default('database'),
  }).strict(),
]);
export type StorageSettingInput = z.input<typeof StorageSetting>;

/** Where a process's storage URL came from: --storage, MODELBENCH_STORAGE, the data folder's settings.json, or none. */
export type StorageSource = 'flag' | 'env' | 'settings' | 'default';

/** A store as people see it: `location` is a file or a URL without its password. */
export type StoreDescription = { kind: StoreKind; location: string; artifacts: ArtifactPlace };

export type StorageInfo = {
  /** The store this process uses, and where that choice came from. */
  current: StoreDescription & { source: StorageSource };
  /** What settings.json says now: what the next start uses, unless --storage or MODELBENCH_STORAGE is given then. */
  saved: StoreDescription & { hasPassword: boolean };
  /** The data folder's settings file. */
  settingsFile: string;
};

/**
 * storage.test: the store opened read-only and closed. `schemaVersion` null: nothing there yet (an empty database, or
 * no file), set up at the next start; else the version found, at most `latestVersion` (a newer one is refused).
 */
export type StorageTestResult = StoreDescription & { schemaVersion: number | null; latestVersion: number };
