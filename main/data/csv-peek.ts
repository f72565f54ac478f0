/**
 * A CSV file's column names, from its first bytes only (datasets.peekColumns): what the import
 * forms offer as text, time, target and value columns before the file is imported by path. The
 * head is read, decompressed (gzip) and decoded as an import would (text-file.ts), the delimiter
 * detected from its lines and the header checked by the same rules (csv-table.ts). A folder or an
 * IDX file has no columns ([]).
 */
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import Papa from 'papaparse';
import { ApiError } from '../api/errors.ts';
import { detectDelimiter } from './csv-delimiter.ts';
import { readHeader } from './csv-table.ts';
import { gunzipHead, readHead } from './read-file.ts';
import { hasIdxMagic, isGzip, startsWith } from './signatures.ts';
import { decodeText } from './text-file.ts';

/** Enough for a header and the lines the delimiter is detected from, however large the file. */
export const PEEK_BYTES = 64 * 1024;

export function peekCsvColumns(path: string): string[] {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) throw new ApiError('not_found', `no file or folder at ${path}`);
  if (!stat.isFile()) return [];
  const head = readHead(path, PEEK_BYTES);
  const content = isGzip(head) ? gunzipHead(head) : head;
  if (hasIdxMagic(content)) return [];
  const { text } = decodeText(wholeLines(content), basename(path));
  const delimiter = detectDelimiter(text);
  // Blank lines before the header are skipped, as the import skips them.
  const first = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: 'greedy' }).data[0];
  if (!first) throw new ApiError('bad_data', `${basename(path)} is empty: a CSV needs a header row`);
  return readHeader(first, 1);
}

/**
 * The head up to its last line break, so that a character cut at the end of the head does not turn
 * valid UTF-8 into a guessed code page. In UTF-16 a line break is two bytes (0a 00 little-endian).
 */
function wholeLines(bytes: Uint8Array): Uint8Array {
  const end = bytes.lastIndexOf(0x0a);
  if (end < 0) return bytes;
  const littleEndian = startsWith(bytes, [0xff, 0xfe]);
  return bytes.subarray(0, Math.min(bytes.length, end + (littleEndian ? 2 : 1)));
}
