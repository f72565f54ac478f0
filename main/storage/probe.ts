/**
 * storage.test: opens the store a storage URL names read-only, reads its
 * schema version and closes it, so the settings screen can say before saving
 * whether the choice will work at the next start. Every failure is an ApiError
 * that says what went wrong and never shows the password.
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { probeMessage, probePostgres } from '../../db/postgres/probe.ts';
import { redactUrl } from '../../db/postgres/connection.ts';
import { latestVersion } from '../../db/sqlite/migrate.ts';
import { ApiError } from '../api/errors.ts';
import { describeChoice, parseStorageUrl } from './storage-url.ts';
import type { StorageTestResult } from './types.ts';

/** How long a connection test waits for the server. */
export const STORAGE_TEST_TIMEOUT_MS = 10_000;

export async function probeStorage(home: string, url: string | undefined, opts: { timeoutMs?: number } = {}): Promise<StorageTestResult> {
  const choice = parseStorageUrl(url, home);
  const described = describeChoice(choice);
  if (choice.kind === 'sqlite') {
    const latest = latestVersion();
    if (!existsSync(choice.file)) return { ...described, schemaVersion: null, latestVersion: latest };
    let db: Database.Database | undefined;
    let version: number;
    try {
      db = new Database(choice.file, { readonly: true, fileMustExist: true });
      version = db.pragma('user_version', { simple: true }) as number;
    } catch (error) {
      throw new ApiError('invalid_argument', `Cannot open ${choice.file} as a Modelbench database: ${(error as Error).message}`);
    } finally {
      db?.close();
    }
    return checked({ ...described, schemaVersion: version, latestVersion: latest });
  }
  let found: Awaited<ReturnType<typeof probePostgres>>;
  try {
    found = await probePostgres(choice.url, { timeoutMs: opts.timeoutMs ?? STORAGE_TEST_TIMEOUT_MS });
  } catch (error) {
    throw new ApiError('invalid_argument', `Cannot open ${redactUrl(choice.url)}: ${probeMessage(error, choice.url)}`);
  }
  return checked({ ...described, ...found });
}

/** A database written by a newer Modelbench cannot be used: refused now rather than at the next start. */
function checked(result: StorageTestResult): StorageTestResult {
  if (result.schemaVersion !== null && result.schemaVersion > result.latestVersion) {
    throw new ApiError('conflict', `${result.location} was written by a newer Modelbench (schema ${result.schemaVersion}; this one knows ${result.latestVersion}); update Modelbench first.`);
  }
  return result;
}
