/**
 * Versioned schema migrations. db/migrations/NNN_name.sql files are applied in
 * order; PRAGMA user_version records the last one applied. Each migration runs
 * in its own transaction together with its user_version bump, so a failure
 * leaves the database exactly at the previous version.
 *
 * A migration that rebuilds a table (SQLite's create-copy-drop-rename) runs inside
 * that transaction with foreign_keys=ON, where the pragma cannot be switched off,
 * so dropping a table that others reference would delete or detach their rows.
 * Such a migration starts with the line `-- modelbench-migrate: foreign_keys=off`:
 * the runner then switches enforcement off before the transaction (SQLite's
 * documented rebuild procedure), checks every reference with
 * PRAGMA foreign_key_check before committing (a broken one rolls it back), and
 * switches enforcement back on afterwards, whatever happened.
 *
 * The .sql files are read next to this module (import.meta.url), so a build must
 * ship db/migrations/*.sql beside the compiled db/migrate.js.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type BetterSqlite3 from 'better-sqlite3';

type Database = BetterSqlite3.Database;

export type Migration = { version: number; file: string; sql: string };

const FOREIGN_KEYS_OFF = /^--\s*modelbench-migrate:\s*foreign_keys=off\s*$/m;

/** Whether a migration asks to run with foreign key enforcement off (a table rebuild). */
export const needsForeignKeysOff = (m: Migration): boolean => FOREIGN_KEYS_OFF.test(m.sql);

export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/', import.meta.url));

const FILE_RE = /^(\d+)_[A-Za-z0-9_-]+\.sql$/;
let cached: Migration[] | undefined;

/** Reads and checks the migration files: versions must run 1, 2, 3 ... with no gap or duplicate. */
export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  if (dir === MIGRATIONS_DIR && cached) return cached;
  const list: Migration[] = [];
  for (const file of readdirSync(dir)) {
    const m = FILE_RE.exec(file);
    if (!m) continue;
    list.push({ version: Number(m[1]), file, sql: readFileSync(join(dir, file), 'utf8') });
  }
  list.sort((a, b) => a.version - b.version);
  list.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migrations in ${dir}: expected version ${i + 1}, found ${m.file}`);
  });
  if (list.length === 0) throw new Error(`no migrations found in ${dir} (were db/migrations/*.sql shipped with the app?)`);
  if (dir === MIGRATIONS_DIR) cached = list;
  return list;
}

/** The schema version this build of Modelbench writes. */
export function latestVersion(): number {
  const list = loadMigrations();
  return list[list.length - 1].version;
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export class SchemaTooNewError extends Error {
  readonly found: number;
  readonly supported: number;
  constructor(found: number, supported: number) {
    super(`database schema version ${found} is newer than this Modelbench (${supported}); update Modelbench`);
    this.name = 'SchemaTooNewError';
    this.found = found;
    this.supported = supported;
  }
}

/**
 * Brings db up to `target` (default: the latest). Returns the versions before and after.
 * Refuses a database written by a newer Modelbench rather than guessing at its schema.
 */
export function migrate(db: Database, opts: { target?: number; migrations?: Migration[] } = {}): { from: number; to: number } {
  const migrations = opts.migrations ?? loadMigrations();
  const latest = migrations.length ? migrations[migrations.length - 1].version : 0;
  const target = opts.target ?? latest;
  const from = schemaVersion(db);
  if (from > latest) throw new SchemaTooNewError(from, latest);

  for (const m of migrations) {
    if (m.version > target) break;
    // IMMEDIATE takes the write lock before re-reading the version, so two
    // processes opening a fresh file at once cannot both apply the same step.
    const rebuild = needsForeignKeysOff(m);
    const step = db.transaction(() => {
      if (schemaVersion(db) >= m.version) return;
      db.exec(m.sql);
      if (rebuild) {
        const broken = db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
        if (broken.length) throw new Error(`${broken.length} rows would break foreign keys (first: ${broken[0].table} row ${broken[0].rowid} → ${broken[0].parent})`);
      }
      db.pragma(`user_version = ${m.version}`);
    });
    // The pragma is a no-op inside a transaction: it is set around it.
    const enforced = db.pragma('foreign_keys', { simple: true }) === 1;
    if (rebuild && enforced) db.pragma('foreign_keys = OFF');
    try {
      step.immediate();
    } catch (err) {
      throw new Error(`database migration ${m.file} failed: ${(err as Error).message}`, { cause: err });
    } finally {
      if (rebuild && enforced) db.pragma('foreign_keys = ON');
    }
  }
  return { from, to: schemaVersion(db) };
}
