/**
 * Opens the one SQLite file of a Modelbench home and brings its schema up to date.
 * No electron here: the CLI, the web host and tests open the same file.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { latestVersion, migrate, schemaVersion, SchemaTooNewError } from './migrate.ts';

export type Db = Database.Database;

const SQLITE_MAGIC = 'SQLite format 3\0';

export class DatabaseFileError extends Error {
  readonly file: string;
  constructor(file: string, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'DatabaseFileError';
    this.file = file;
  }
}

/** A non-empty file must start with the SQLite header; anything else is refused before SQLite touches it. */
function assertSqliteFile(file: string): void {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return; // does not exist yet: SQLite creates it
  }
  if (size === 0) return; // SQLite treats an empty file as a new database
  const header = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1') !== SQLITE_MAGIC) {
    throw new DatabaseFileError(file, `${file} is not a Modelbench database (it is not an SQLite file); move it aside or choose another data folder`);
  }
}

export type OpenOptions = {
  /** Apply migrations (default true). Tests building an old-schema fixture pass false. */
  migrate?: boolean;
};

/**
 * WAL lets the UI read while a trainer writes; synchronous=NORMAL in WAL mode
 * still survives a killed process (only an OS crash/power loss can drop the
 * last commits), at a fraction of FULL's fsync cost per metric batch.
 */
export function openDatabase(file: string, opts: OpenOptions = {}): Db {
  assertSqliteFile(file);
  let db: Db;
  try {
    db = new Database(file, { timeout: 5000 });
  } catch (err) {
    throw new DatabaseFileError(file, `cannot open database ${file}: ${(err as Error).message}`, err);
  }
  try {
    // The first read is where SQLite notices a corrupt or encrypted header.
    const version = schemaVersion(db);
    const supported = latestVersion();
    if (version > supported) throw new SchemaTooNewError(version, supported);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    if (opts.migrate !== false) migrate(db);
    return db;
  } catch (err) {
    db.close();
    if (err instanceof SchemaTooNewError || err instanceof DatabaseFileError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new DatabaseFileError(file, `${file} is not a usable Modelbench database (${(err as Error).message})`, err);
    }
    throw err;
  }
}
