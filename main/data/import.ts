/**
 * One entry point for "import this path": a folder is an image-class folder, a
 * file that starts with the IDX magic (or is named like one) is IDX, anything
 * else is CSV. Detection trusts content over names where it can; a gzip file is
 * looked into (its first decompressed bytes) before its size limit is chosen.
 */
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { ApiError } from '../api/errors.ts';
import { MAX_CSV_BYTES } from '../limits.ts';
import { parseCsvImport, type CsvImportOptions } from './csv-import.ts';
import { IDX_FILE_LIMIT, loadIdxDataset } from './idx.ts';
import { loadImageFolder } from './image-folder.ts';
import { isTextFolder, loadTextFolder } from './text/text-folder.ts';
import { gunzipHead, readHead, readImportFile, type FileLimit } from './read-file.ts';
import { hasIdxMagic, isGzip, isJpeg, isPng } from './signatures.ts';
import { decodeText } from './text-file.ts';
import type { ParsedDataset } from './types.ts';

export type ImportOptions = CsvImportOptions;

const CSV_FILE_LIMIT: FileLimit = {
  bytes: MAX_CSV_BYTES,
  kind: 'a CSV file',
  advice: 'Split the file, or drop columns or rows you do not need.',
};

export function importFromPath(path: string, opts: ImportOptions = {}): ParsedDataset {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) throw new ApiError('not_found', `no file or folder at ${path}`);
  if (stat.isDirectory()) return isTextFolder(path) ? loadTextFolder(path, { maxLength: opts.maxLength }) : loadImageFolder(path);
  if (!stat.isFile()) throw new ApiError('bad_data', `${path} is neither a file nor a folder`);

  const name = basename(path);
  const head = readHead(path, 1024);
  if (isPng(head) || isJpeg(head)) {
    throw new ApiError('bad_data', `${name} is a single image; import the folder that holds one sub-folder per class`);
  }
  const content = isGzip(head) ? gunzipHead(head) : head;
  if (hasIdxMagic(content) || /idx/i.test(name)) return loadIdxDataset(path, readImportFile(path, IDX_FILE_LIMIT).bytes);

  const file = readImportFile(path, CSV_FILE_LIMIT);
  const decoded = decodeText(file.bytes, name);
  const data = parseCsvImport(decoded.text, opts);
  return {
    ...data,
    info: { encoding: decoded.encoding, ...(file.gzip ? { compression: 'gzip' as const } : {}), ...data.info },
    warnings: [...decoded.warnings, ...(data.warnings ?? [])],
  };
}
