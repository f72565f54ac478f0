/**
 * Storage handlers: where this process's results are stored, and the setting
 * for the next start (the settings screen). storage.test opens the chosen store
 * read-only and closes it; storage.save writes the data folder's settings.json,
 * which takes effect when Modelbench next starts (the open store is never
 * switched under running jobs). No password leaves the engine.
 */
import { ApiError } from '../api/errors.ts';
import type { ParsedParams } from '../api/contract.ts';
import type { JobContext } from '../run/context.ts';
import { probeStorage } from '../storage/probe.ts';
import { savedStorageUrl, saveStorageUrl, settingsPath, settingUrl } from '../storage/settings.ts';
import { describeChoice, parseStorageUrl } from '../storage/storage-url.ts';
import type { StorageInfo, StorageSource, StoreDescription } from '../storage/types.ts';

export function storageHandlers(ctx: JobContext, current: StoreDescription & { source: StorageSource }) {
  function info(): StorageInfo {
    const saved = savedStorageUrl(ctx.home);
    return {
      current,
      saved: { ...describeChoice(parseStorageUrl(saved, ctx.home)), hasPassword: hasPassword(saved) },
      settingsFile: settingsPath(ctx.home),
    };
  }

  /** The URL a setting stands for, checked: a PostgreSQL setting must name a PostgreSQL server. */
  function urlOf(setting: ParsedParams<'storage.test'>['setting']): string | undefined {
    const url = settingUrl(setting, savedStorageUrl(ctx.home));
    if (setting.kind === 'postgresql' && parseStorageUrl(url, ctx.home).kind !== 'postgresql') {
      throw new ApiError('invalid_argument', 'Expected a PostgreSQL URL, e.g. postgresql://user@host:5432/database.');
    }
    return url;
  }

  return {
    'storage.info': async (): Promise<StorageInfo> => info(),
    'storage.test': ({ setting }: ParsedParams<'storage.test'>) => probeStorage(ctx.home, urlOf(setting)),
    'storage.save': async ({ setting }: ParsedParams<'storage.save'>): Promise<StorageInfo> => {
      if (ctx.ownerId === null) throw new ApiError('forbidden', 'This Modelbench was opened read-only; saving the storage setting writes to the data folder.');
      saveStorageUrl(ctx.home, urlOf(setting));
      return info();
    },
  };
}

function hasPassword(url: string | undefined): boolean {
  try {
    return !!url && new URL(url).password !== '';
  } catch {
    return false;
  }
}
