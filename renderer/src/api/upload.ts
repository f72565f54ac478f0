/**
 * File imports from the browser: the file goes to the web host as the body of
 * one HTTP POST (/upload), streamed from disk by the browser, with upload
 * progress; the host stores it in the data folder's imports/ and imports it by
 * path (main/web/upload.ts). Files over the limit are refused here, before a
 * byte is sent.
 */
import { t } from '../i18n/index.ts';
import { formatFixed } from '../lib/format.ts';
import type { Params } from '../../../main/api/contract.ts';
import type { ApiErrorCode } from '../../../main/api/errors.ts';
import type { DatasetMeta } from '../../../main/api/schemas.ts';
import { MAX_UPLOAD_BYTES } from '../../../main/limits.ts';
import { RemoteError, remoteError } from './errors.ts';

/** The options of a path import, less the path: the upload is the file. */
export type FileImportOptions = Omit<Params<'datasets.importPath'>, 'path'>;
export type UploadProgress = { sent: number; total: number };

const MiB = 1024 * 1024;
const mib = (bytes: number) => `${formatFixed(bytes / MiB, bytes < 10 * MiB ? 1 : 0)} MiB`;

/** Why this file cannot be uploaded (too large), or null when it can. */
export function uploadRefusal(file: { name: string; size: number }, limit = MAX_UPLOAD_BYTES): string | null {
  if (file.size <= limit) return null;
  return t('errors.uploadTooLarge', { file: file.name, size: mib(file.size), limit: mib(limit) });
}

/**
 * The dataset name to send with a file: the one the user typed, or none while the field
 * still holds the suggestion, so the engine names the dataset after the file and makes that
 * unique when it stores it (another import may have taken the suggestion meanwhile).
 */
export function typedName(field: string, suggested: string): string | undefined {
  const typed = field.trim();
  return typed && typed !== suggested ? typed : undefined;
}

/** What the host answered: the dataset, or the error as a RemoteError. */
export function uploadResult(status: number, text: string): DatasetMeta {
  let body: { result?: DatasetMeta; error?: { code: ApiErrorCode; message: string; details?: unknown } } | null = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  if (status === 200 && body?.result) return body.result;
  if (body?.error) throw remoteError(body.error);
  throw new RemoteError(status === 401 || status === 403 ? 'forbidden' : 'internal', t('errors.uploadRefused', { status, detail: text ? `: ${text.slice(0, 200)}` : '' }));
}

export function uploadFile(file: File, options: FileImportOptions, opts: { token: string; onProgress?: (p: UploadProgress) => void }): Promise<DatasetMeta> {
  const refusal = uploadRefusal(file);
  if (refusal) return Promise.reject(new RemoteError('too_large', refusal));
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/upload');
    xhr.setRequestHeader('X-Modelbench-Token', opts.token);
    xhr.setRequestHeader('X-Modelbench-Filename', encodeURIComponent(file.name));
    xhr.setRequestHeader('X-Modelbench-Import', encodeURIComponent(JSON.stringify(options)));
    xhr.upload.onprogress = (e) => opts.onProgress?.({ sent: e.loaded, total: e.lengthComputable ? e.total : file.size });
    xhr.onload = () => {
      try {
        resolve(uploadResult(xhr.status, xhr.responseText));
      } catch (error) {
        reject(error);
      }
    };
    xhr.onerror = () => reject(new RemoteError('disconnected', t('errors.uploadStopped')));
    xhr.send(file);
  });
}
