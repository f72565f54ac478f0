/**
 * Versioned migrations of the PostgreSQL store: db/postgres/migrations/NNN_name.sql,
 * applied in order (the same file rules as SQLite's, through the same loader).
 * The table schema_migrations records each version applied. DDL is
 * transactional in PostgreSQL, so each migration runs in one transaction with
 * its record, under an advisory lock: many workers starting against a fresh
 * database at once apply each step exactly once, and a failed step leaves the
 * database at the previous version.
 */
import { fileURLToPath } from 'node:url';
import { loadMigrations, SchemaTooNewError, type Migration } from '../sqlite/migrate.ts';
import type { PgConnection, Queryable } from './connection.ts';

export const PG_MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/** Any fixed number: the advisory lock that serialises migrations of one database. */
const MIGRATION_LOCK = 0x6d62_0001;

export const pgMigrations = (): Migration[] => loadMigrations(PG_MIGRATIONS_DIR);

async function currentVersion(c: Queryable): Promise<number> {
  const { rows } = await c.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations');
  return rows[0]?.v ?? 0;
}

/** Brings the database up to `target` (default: the latest); refuses one written by a newer Modelbench. */
export async function migratePg(conn: PgConnection, opts: { target?: number; migrations?: Migration[] } = {}): Promise<{ from: number; to: number }> {
  const migrations = opts.migrations ?? pgMigrations();
  const latest = migrations.at(-1)?.version ?? 0;
  const target = opts.target ?? latest;
  let from = 0;
  for (let i = -1; i < migrations.length; i++) {
    const m = i >= 0 ? migrations[i] : null;
    if (m && m.version > target) break;
    await conn.tx(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await c.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, file TEXT NOT NULL, applied_at TEXT NOT NULL)');
      const version = await currentVersion(c);
      if (!m) {
        from = version;
        if (version > latest) throw new SchemaTooNewError(version, latest);
        return;
      }
      if (version >= m.version) return;
      try {
        await c.query(m.sql);
      } catch (err) {
        throw new Error(`database migration ${m.file} failed: ${(err as Error).message}`, { cause: err });
      }
      await c.query('INSERT INTO schema_migrations (version, file, applied_at) VALUES ($1, $2, $3)', [m.version, m.file, new Date().toISOString()]);
      // A step whose COMMIT was lost is tried again: it reads the version first, so it is never applied twice.
    }, { retryAfterLostCommit: true });
  }
  const rows = await conn.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations');
  return { from, to: rows[0]?.v ?? 0 };
}
