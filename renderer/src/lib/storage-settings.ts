/**
 * The settings screen's storage form as plain data: what it starts from (the
 * saved setting), the storage.test / storage.save argument it sends, and the
 * sentences it shows. Pure, so it is tested without a browser.
 */
import type { StorageInfo, StorageSettingInput, StorageTestResult, StoreDescription } from '../../../main/storage/types.ts';
import { t } from '../i18n/index.ts';

export type StorageForm = { kind: 'sqlite' | 'postgresql'; url: string; password: string; artifacts: 'database' | 'folder' };

/** The form starts from what is saved for the next start (never a password: the engine has none to give). */
export function formFromInfo(info: StorageInfo): StorageForm {
  const { saved } = info;
  return saved.kind === 'postgresql'
    ? { kind: 'postgresql', url: saved.location, password: '', artifacts: saved.artifacts }
    : { kind: 'sqlite', url: '', password: '', artifacts: 'database' };
}

/** The argument of storage.test and storage.save; an empty password is left out (the saved one, or ~/.pgpass, is used). */
export function settingOf(form: StorageForm): StorageSettingInput {
  if (form.kind === 'sqlite') return { kind: 'sqlite' };
  return { kind: 'postgresql', url: form.url.trim(), artifacts: form.artifacts, ...(form.password ? { password: form.password } : {}) };
}

/** Equal keys: the same setting (the Save button needs the values it was tested with). */
export const settingKey = (form: StorageForm): string => JSON.stringify(settingOf(form));

/** "SQLite file /home/me/.modelbench/modelbench.db" / "PostgreSQL postgresql://mb@db:5432/mb". */
export function storeName(d: Pick<StoreDescription, 'kind' | 'location'>): string {
  return d.kind === 'sqlite' ? t('settings.storeSqlite', { location: d.location }) : t('settings.storePostgresql', { location: d.location });
}

/** The store with where its model files go. */
export function storeLine(d: StoreDescription): string {
  return `${storeName(d)} · ${d.artifacts === 'database' ? t('settings.filesDatabase') : t('settings.filesFolder')}`;
}

/** Whether the next start would open another store than this session's. */
export function savedDiffers(info: StorageInfo): boolean {
  const { current, saved } = info;
  return current.kind !== saved.kind || current.location !== saved.location || current.artifacts !== saved.artifacts;
}

/** What a passing test found, in words. */
export function testSummary(r: StorageTestResult): string {
  const store = storeName(r);
  if (r.schemaVersion === null) return r.kind === 'sqlite' ? t('settings.okNoFile', { store: r.location }) : t('settings.okEmpty', { store });
  if (r.schemaVersion < r.latestVersion) return t('settings.okOlder', { store, version: r.schemaVersion, latest: r.latestVersion });
  return t('settings.okSchema', { store, version: r.schemaVersion, latest: r.latestVersion });
}
