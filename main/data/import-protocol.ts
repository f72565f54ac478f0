/**
 * What crosses between the engine's thread and an import worker: the request
 * (a job and the folder for its files) and one reply. Errors cross as plain
 * data (structured clone keeps no class), and ApiErrors come back as ApiErrors
 * with their code, message and details unchanged, so a refusal reads the same
 * whichever thread parsed the file.
 */
import { ApiError, type ApiErrorCode } from '../api/errors.ts';
import type { ImportJob } from './import-job.ts';
import type { ImportedDataset } from './types.ts';

export type ImportRequest = { job: ImportJob; dir: string };

/** An error as data: `api` when it was an ApiError; `code` is an errno code (ENOENT…) otherwise. */
export type WireError = { api: boolean; code?: string; message: string; details?: unknown };

export type ImportReply = { ok: true; dataset: ImportedDataset } | { ok: false; error: WireError };

export function toWire(error: unknown): WireError {
  if (error instanceof ApiError) return { api: true, code: error.code, message: error.message, details: error.details };
  const code = (error as { code?: unknown } | null)?.code;
  return { api: false, ...(typeof code === 'string' ? { code } : {}), message: error instanceof Error ? error.message : String(error) };
}

export function fromWire(wire: WireError): Error {
  if (wire.api) return new ApiError(wire.code as ApiErrorCode, wire.message, wire.details);
  return Object.assign(new Error(wire.message), wire.code === undefined ? {} : { code: wire.code });
}
