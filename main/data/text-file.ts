/**
 * The bytes of a supposed text file (a CSV) → a string, with the encoding that
 * was used, or a clear refusal when the bytes are a known binary format.
 *
 * Detection is deterministic rather than statistical (chardet and friends guess
 * among dozens of code pages from byte frequencies, and a wrong guess changes
 * values silently, worst of all on short files):
 *  1. a byte-order mark decides: UTF-8, UTF-16 LE or UTF-16 BE;
 *  2. bytes that are valid UTF-8 are UTF-8 (text in a legacy code page almost
 *     never is: its accented letters would have to form exact UTF-8 sequences);
 *  3. anything else is Windows-1252, the superset of Latin-1 that Excel and
 *     Windows write in Western Europe and the Americas. That is a guess, so it
 *     comes back as a warning the user sees.
 * Node 24 ships full ICU, so TextDecoder knows every one of these.
 */
import { ApiError } from '../api/errors.ts';
import type { TextEncoding } from '../api/schemas.ts';
import { knownBinaryFormat, startsWith } from './signatures.ts';
import { formatImportWarning } from './import-warnings.ts';

export type DecodedText = { text: string; encoding: TextEncoding; warnings: string[] };

export function decodeText(bytes: Uint8Array, fileName: string): DecodedText {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return { text: strictDecode('utf-8', bytes.subarray(3), fileName), encoding: 'utf-8-bom', warnings: [] };
  if (startsWith(bytes, [0xff, 0xfe])) return { text: strictDecode('utf-16le', bytes.subarray(2), fileName), encoding: 'utf-16le', warnings: [] };
  if (startsWith(bytes, [0xfe, 0xff])) return { text: strictDecode('utf-16be', bytes.subarray(2), fileName), encoding: 'utf-16be', warnings: [] };
  const binary = knownBinaryFormat(bytes);
  if (binary) throw new ApiError('bad_data', `'${fileName}' is not a CSV text file: it is ${binary}`);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8', warnings: [] };
  } catch {
    return {
      text: new TextDecoder('windows-1252').decode(bytes),
      encoding: 'windows-1252',
      // Not named: the warning stays with the dataset, whose file it is (and an upload's stored name means nothing to the user).
      warnings: [formatImportWarning({ key: 'guessedFile', params: {} })],
    };
  }
}

function strictDecode(encoding: 'utf-8' | 'utf-16le' | 'utf-16be', bytes: Uint8Array, fileName: string): string {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError('bad_data', `'${fileName}' starts with a ${encoding.toUpperCase()} byte-order mark but is not valid ${encoding.toUpperCase()}; the file is damaged or mislabelled: save it again as UTF-8`);
  }
}
