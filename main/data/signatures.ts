/**
 * What a file is, from its first bytes ("magic numbers"), never from its name:
 * the one place that knows the signatures the importers tell apart.
 */

export const startsWith = (bytes: Uint8Array, prefix: readonly number[]): boolean =>
  bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);

export function isGzip(bytes: Uint8Array): boolean {
  return startsWith(bytes, [0x1f, 0x8b]);
}

export function isPng(bytes: Uint8Array): boolean {
  return startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]);
}

export function isJpeg(bytes: Uint8Array): boolean {
  return startsWith(bytes, [0xff, 0xd8, 0xff]);
}

/** IDX element type codes (ubyte, sbyte, short, int, float, double). */
export const IDX_TYPE_CODES: readonly number[] = [0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x0e];

/** 0x00 0x00 <type> <ndims 1..8>: the IDX (MNIST format) header. */
export function hasIdxMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0 && IDX_TYPE_CODES.includes(bytes[2]) && bytes[3] >= 1 && bytes[3] <= 8;
}

const SQLITE = [...'SQLite format 3\0'].map((c) => c.charCodeAt(0));

/** What a file that is not text is, and what to do with it; null when its first bytes match no known binary format. */
export function knownBinaryFormat(bytes: Uint8Array): string | null {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    return 'a zip archive (an Excel .xlsx workbook is one too): unzip it, or save the sheet as CSV';
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'an old Excel (.xls) or Office document: save the sheet as CSV';
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'a PDF document: export its table as CSV';
  if (startsWith(bytes, SQLITE)) return 'an SQLite database: export the table as CSV';
  if (isGzip(bytes)) return 'gzip-compressed: decompress it first';
  if (isPng(bytes) || isJpeg(bytes)) return 'an image: import the folder that holds one sub-folder of images per class';
  if (hasIdxMagic(bytes)) return 'an IDX file (MNIST format): import it as a file by path, with its labels file beside it';
  return null;
}
