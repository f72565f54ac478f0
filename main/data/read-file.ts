/**
 * Reading an import file into memory, within a size limit: the file's own size
 * is checked before it is read, and a gzip file is decompressed with zlib's
 * `maxOutputLength`, which stops inflating as soon as the output passes the
 * limit (so a small file that expands without bound costs at most the limit).
 * A file named .gz that is not gzip, and a damaged gzip file, are refused with
 * what is wrong and what to do.
 */
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { constants, gunzipSync } from 'node:zlib';
import { ApiError } from '../api/errors.ts';
import { bytes as byteSize, tooLarge } from './limit-error.ts';
import { hasIdxMagic, isGzip } from './signatures.ts';

export type FileLimit = {
  bytes: number;
  /** The kind of file the limit is for, as in "the CSV file": names the limit in the message. */
  kind: string;
  /** What the user can do instead. */
  advice: string;
};

export type ReadFile = { bytes: Buffer; gzip: boolean };

/** The first `n` bytes of a file (fewer if it is shorter). */
export function readHead(path: string, n: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    return buf.subarray(0, readSync(fd, buf, 0, n, 0));
  } finally {
    closeSync(fd);
  }
}

/**
 * The first decompressed bytes of a gzip file, from its first KiB only, to
 * tell what it holds before choosing a limit. Deflate expands at most ~1032:1,
 * so 1 KiB of input cannot pass the 2 MiB cap. Empty when nothing decodes yet.
 */
export function gunzipHead(head: Uint8Array): Buffer {
  try {
    return gunzipSync(head.subarray(0, 1024), { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: 2 * 1024 * 1024 });
  } catch {
    return Buffer.alloc(0);
  }
}

export function readImportFile(path: string, limit: FileLimit): ReadFile {
  const name = basename(path);
  const size = statSync(path).size;
  const head = readHead(path, 8);
  const gzip = isGzip(head);
  if (!gzip && /\.gz$/i.test(name)) throw notGzip(name, head);
  if (size > limit.bytes) {
    throw tooLarge(`'${name}'${gzip ? ' (compressed)' : ''}`, byteSize(size), byteSize(limit.bytes), limit.advice);
  }
  const raw = readFileSync(path);
  if (!gzip) return { bytes: raw, gzip };
  try {
    return { bytes: gunzipSync(raw, { maxOutputLength: limit.bytes }), gzip };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') {
      throw tooLarge(
        `'${name}' decompressed (${raw.length.toLocaleString('en-US')} bytes compressed)`,
        byteSize(limit.bytes),
        byteSize(limit.bytes),
        `Decompression stopped there, the limit for ${limit.kind}. ${limit.advice}`,
        { atLeast: true },
      );
    }
    throw new ApiError(
      'bad_data',
      `'${name}' is a damaged gzip file (${(error as Error).message}): it may be an incomplete download; download or compress it again`,
    );
  }
}

/** A file named .gz whose bytes are not gzip: say what it seems to be instead. */
function notGzip(name: string, head: Uint8Array): ApiError {
  const plain = name.replace(/\.gz$/i, '');
  const what = hasIdxMagic(head)
    ? `it is already decompressed (an IDX file; some browsers unpack .gz downloads but keep the name): rename it to '${plain}' and import that`
    : `it does not start with the gzip signature (1f 8b): if it is a plain file, rename it to '${plain}'; if it was downloaded, the download may have failed (an error page saved under this name): download it again`;
  return new ApiError('bad_data', `'${name}' is named .gz but is not gzip-compressed; ${what}`);
}
