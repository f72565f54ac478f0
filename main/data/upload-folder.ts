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
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ApiError } from '../api/errors.ts';
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
