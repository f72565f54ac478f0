/**
 * The data folder's settings.json, where the storage URL is kept for the next
 * start (storage-url.ts reads it: --storage and MODELBENCH_STORAGE win over it).
 * The settings screen writes it through storage.save: atomically, other keys
 * kept, readable by its owner only (the URL may carry a password).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../api/errors.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import type { StorageSetting } from './types.ts';
import type { z } from 'zod';

export const SETTINGS_FILE = 'settings.json';

export const settingsPath = (home: string): string => join(home, SETTINGS_FILE);

/** The settings object; {} when there is no file. A file that is not a JSON object is an error that names it. */
export function readSettings(home: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(settingsPath(home), 'utf8');
  } catch {
    return {};
  }
  let settings: unknown;
  try {
    settings = JSON.parse(text);
  } catch (error) {
    throw new ApiError('invalid_argument', `${settingsPath(home)} is not valid JSON: ${(error as Error).message}`);
  }
  if (settings === null || typeof settings !== 'object' || Array.isArray(settings)) {
    throw new ApiError('invalid_argument', `${settingsPath(home)} must hold a JSON object, e.g. {"storage": "sqlite"}.`);
  }
  return settings as Record<string, unknown>;
}

/** The saved storage URL, if any. */
export function savedStorageUrl(home: string): string | undefined {
  const storage = readSettings(home).storage;
  return typeof storage === 'string' && storage.trim() ? storage.trim() : undefined;
}

/** Saves the storage URL for the next start (undefined: the default, the data folder's SQLite file). */
export function saveStorageUrl(home: string, url: string | undefined): void {
  const { storage: _old, ...others } = readSettings(home);
  const settings = url === undefined ? others : { ...others, storage: url };
  writeFileAtomic(settingsPath(home), `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
}

/**
 * The storage URL a setting stands for (undefined: the default). The password given apart wins; none given, the
 * saved URL's is kept when it names the same user, server and database, so changing only the artifact place or
 * testing again needs no retyping. Not validated here: storage-url.ts parseStorageUrl does that.
 */
export function settingUrl(setting: z.output<typeof StorageSetting>, savedUrl: string | undefined): string | undefined {
  if (setting.kind === 'sqlite') return undefined;
  let url: URL;
  try {
    url = new URL(setting.url);
  } catch {
    return setting.url;
  }
  if (setting.password !== undefined) url.password = encodeURIComponent(setting.password);
  else if (!url.password && savedUrl) {
    const saved = parseUrl(savedUrl);
    if (saved?.password && saved.username === url.username && saved.host === url.host && saved.pathname === url.pathname) url.password = saved.password;
  }
  if (setting.artifacts === 'folder') url.searchParams.set('artifacts', 'folder');
  else url.searchParams.delete('artifacts');
  return url.toString();
}

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}
