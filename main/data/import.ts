/**
 * One entry point for "import this path": a folder is an image-class folder, a
 * file that starts with the IDX magic (or is named like one) is IDX, anything
 * else is CSV. Detection trusts content over names where it can.
 */
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ApiError } from '../api/errors.ts';
import type { Task } from '../api/schemas.ts';
import { parseCsvDataset } from './csv.ts';
import { hasIdxMagic, isGzip, loadIdxDataset } from './idx.ts';
import { isJpeg, isPng } from './image-decode.ts';
import { loadImageFolder } from './image-folder.ts';
import type { ParsedDataset } from './types.ts';

export type ImportOptions = { label?: string; task?: Task };

export function importFromPath(path: string, opts: ImportOptions = {}): ParsedDataset {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) throw new ApiError('not_found', `no file or folder at ${path}`);
  if (stat.isDirectory()) return loadImageFolder(path);
  if (!stat.isFile()) throw new ApiError('bad_data', `${path} is neither a file nor a folder`);

  const head = readHead(path, 16);
  if (isPng(head) || isJpeg(head)) {
    throw new ApiError('bad_data', `${basename(path)} is a single image; import the folder that holds one sub-folder per class`);
  }
  const raw = readFileSync(path);
  const bytes = isGzip(raw) ? gunzipSync(raw) : raw;
  if (hasIdxMagic(bytes) || /idx/i.test(basename(path))) return loadIdxDataset(path);
  return parseCsvDataset(bytes.toString('utf8'), opts); // csv.ts strips a UTF-8 BOM
}

function readHead(path: string, n: number): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const got = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}
