/**
 * File uploads from the browser: POST /upload with the file as the body.
 *
 * Why HTTP and not the WebSocket: a CSV sent as one socket message is held
 * whole in memory three times (the frame, the string, the JSON), and 180 MB
 * of CSV hit the frame limit. Chunking it over the socket would need a second
 * protocol (ids, order, resume, cleanup of half-sent files) beside the RPC one.
 * An HTTP body is already a stream with a length, browsers report its upload
 * progress (XMLHttpRequest.upload), and here it goes straight to disk: memory
 * stays flat whatever the size.
 *
 * The file is streamed to <home>/imports/upload-<random>/<its own name>
 * (main/data/upload-folder.ts), imported by the normal path import
 * ('datasets.importPath', which validates the options and applies the path
 * policy and the data limits), then deleted: the dataset keeps its own files.
 * Headers (the host checks the token, Host and Origin before this runs):
 *   X-Modelbench-Filename  the file's name, URL-encoded (type detection, error messages, default dataset name)
 *   X-Modelbench-Import    the import options as URL-encoded JSON ({name?, label, task, …}; no path);
 *                          `name` only when the user typed one: without it the file's name, made unique
 * Reply: {result: DatasetMeta} or {error: {code, message}} with a matching HTTP status.
 */
import { createWriteStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ApiError, type ApiErrorCode } from '../api/errors.ts';
import { toApiError } from '../api/dispatch.ts';
import { uploadFileName } from '../data/names.ts';
import { importUpload, uploadImportOptions } from '../data/upload-folder.ts';
import type { WebEngine } from './rpc.ts';

export type UploadContext = { engine: WebEngine; maxBytes: number; headers: () => Record<string, string> };

const STATUS: Partial<Record<ApiErrorCode, number>> = {
  not_found: 404, forbidden: 403, forbidden_path: 403, conflict: 409, too_large: 413, internal: 500,
};

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

function tooLarge(size: string, maxBytes: number): ApiError {
  return new ApiError(
    'too_large',
    `The file is ${size}; the browser can upload files up to ${mib(maxBytes)} (MAX_UPLOAD_BYTES). ` +
      'Import it on the host machine instead: `modelbench dataset import FILE`, or from a folder the host allows with `modelbench serve --data-dir DIR`.',
  );
}

/** The file's name from its URL-encoded header, made safe to store (uploadFileName). */
export function safeFileName(raw: string | undefined): string {
  let decoded = '';
  try {
    decoded = decodeURIComponent(raw ?? '');
  } catch {
    decoded = '';
  }
  return uploadFileName(decoded);
}

/** The import options from their header: an object, without `path` (the host chooses that). */
function importOptions(raw: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  let options: unknown;
  try {
    options = JSON.parse(decodeURIComponent(raw));
  } catch {
    throw new ApiError('invalid_argument', 'X-Modelbench-Import must be URL-encoded JSON.');
  }
  return uploadImportOptions(options);
}

/** Counts bytes on their way to disk and fails the stream past the limit. */
function limiter(maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > maxBytes) done(tooLarge(`more than ${mib(maxBytes)}`, maxBytes));
      else done(null, chunk);
    },
  });
}

export async function handleUpload(req: IncomingMessage, res: ServerResponse, ctx: UploadContext): Promise<void> {
  const reply = (status: number, body: unknown) => {
    if (res.headersSent || res.destroyed) return;
    // After an early refusal the rest of the body is not read: close rather than keep the connection.
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...(status >= 400 ? { Connection: 'close' } : {}), ...ctx.headers() });
    res.end(JSON.stringify(body));
  };
  const fail = (error: unknown) => {
    const payload = toApiError(error).toPayload();
    // details (e.g. { field }) let the form put a refusal by its field, as the socket's replies do.
    reply(STATUS[payload.code] ?? 400, { error: { code: payload.code, message: payload.message, ...(payload.details !== undefined ? { details: payload.details } : {}) } });
  };

  try {
    const declared = req.headers['content-length'] === undefined ? null : Number(req.headers['content-length']);
    if (declared !== null && declared > ctx.maxBytes) throw tooLarge(mib(declared), ctx.maxBytes);
    const options = importOptions(req.headers['x-modelbench-import'] as string | undefined);
    const result = await importUpload({
      importsDir: join(ctx.engine.home, 'imports'),
      fileName: safeFileName(req.headers['x-modelbench-filename'] as string | undefined),
      // An iterator that leaves `req` open when the pipeline fails, so a 413 can still be sent on it.
      write: (file) => pipeline(req.iterator({ destroyOnReturn: false }), limiter(ctx.maxBytes), createWriteStream(file, { flags: 'wx' })),
      importPath: (path) => ctx.engine.callUntyped('datasets.importPath', { ...options, path }),
    });
    reply(200, { result });
  } catch (error) {
    fail(error);
  }
}
