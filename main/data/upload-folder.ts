/**
 * A file the user sent from a page (a browser upload, the desktop app's CSV
 * picker) is kept, while it imports, as
 *   <home>/imports/upload-<random>/<the file's own name>
 * and imported by path like any other file. Its own name matters: the data
 * layer's errors name it, and a dataset imported without a name typed by the
 * user takes it ('wine', made unique: 'wine (2)'). The random folder keeps two
 * uploads of one name apart; it is removed afterwards, whatever happened.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ApiError } from '../api/errors.ts';
import { bytes as byteSize, tooLarge } from './limit-error.ts';
import { uploadFileName } from './names.ts';

export type Upload<T> = {
  /** `<home>/imports`. */
  importsDir: string;
  /** The name the user's file had (any string: it is made safe here). */
  fileName: string;
  /** Writes the file's bytes to `file` (a new file: fails if it exists). */
  write(file: string): Promise<void>;
  /** Imports `file` by path ('datasets.importPath' with the user's options). */
  importPath(file: string): Promise<T>;
};

export async function importUpload<T>(upload: Upload<T>): Promise<T> {
  mkdirSync(upload.importsDir, { recursive: true });
  const dir = join(upload.importsDir, `upload-${randomBytes(8).toString('hex')}`);
  mkdirSync(dir);
  try {
    const file = join(dir, uploadFileName(upload.fileName));
    await upload.write(file);
    return await upload.importPath(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The import options sent with a file: an object, without `path` (the file is the upload). The engine validates the rest. */
export function uploadImportOptions(options: unknown): Record<string, unknown> {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) throw new ApiError('invalid_argument', 'The import options must be an object.');
  if (Object.hasOwn(options, 'path')) throw new ApiError('invalid_argument', 'The import options may not name a path: the upload is the file.');
  return options as Record<string, unknown>;
}

/** The longest file name a page may send (it is made safe and shortened to 200 bytes before use). */
const MAX_SENT_NAME_LENGTH = 4096;

/**
 * A file's bytes sent by the desktop app's page over IPC (electron/ipc.ts, 'modelbench:import-file'):
 * every argument checked as it came, then stored and imported like a browser upload. Bytes rather
 * than text, so the engine detects the encoding exactly as for a file on disk.
 */
export async function importSentBytes<T>(sent: {
  importsDir: string;
  fileName: unknown;
  bytes: unknown;
  options: unknown;
  /** MAX_UPLOAD_BYTES */
  maxBytes: number;
  /** 'datasets.importPath' with these parameters. */
  importPath(params: Record<string, unknown>): Promise<T>;
}): Promise<T> {
  const { fileName, bytes, maxBytes } = sent;
  if (typeof fileName !== 'string' || fileName.length > MAX_SENT_NAME_LENGTH) {
    throw new ApiError('invalid_argument', `The file name must be a string of at most ${MAX_SENT_NAME_LENGTH} characters.`);
  }
  if (!(bytes instanceof Uint8Array)) throw new ApiError('invalid_argument', "The file's bytes must be a Uint8Array.");
  if (bytes.length > maxBytes) {
    throw tooLarge(
      `'${uploadFileName(fileName)}'`,
      byteSize(bytes.length),
      byteSize(maxBytes),
      'Files picked in the page are limited by MAX_UPLOAD_BYTES: use Import file (CSV / IDX)…, which reads the file where it is, or `modelbench dataset import FILE`.',
    );
  }
  const options = uploadImportOptions(sent.options);
  return importUpload({
    importsDir: sent.importsDir,
    fileName,
    write: (file) => writeFile(file, bytes, { flag: 'wx' }),
    importPath: (path) => sent.importPath({ ...options, path }),
  });
}
