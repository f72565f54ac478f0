/**
 * Looks at a PostgreSQL database without changing it, for the settings
 * screen's "Test connection": one connection, a read-only transaction that
 * reads the schema version (none: an empty database, set up at the next start),
 * then closed. Nothing is retried: the person waits for the answer.
 */
import pg from 'pg';
import { redactUrl } from './connection.ts';
import { pgMigrations } from './migrate.ts';

export type PgProbe = { schemaVersion: number | null; latestVersion: number };

/** Connects within `timeoutMs`; throws pg's own error (its message names what failed: refused, authentication, no such database…). */
export async function probePostgres(url: string, opts: { timeoutMs?: number } = {}): Promise<PgProbe> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: opts.timeoutMs ?? 10_000, query_timeout: opts.timeoutMs ?? 10_000 });
  // A server that goes away after connecting emits 'error' on the client; the query in flight fails with it anyway.
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('BEGIN TRANSACTION READ ONLY');
    const present = (await client.query<{ t: string | null }>(`SELECT to_regclass('schema_migrations')::text AS t`)).rows[0].t !== null;
    const version = present ? (await client.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations')).rows[0].v : null;
    await client.query('ROLLBACK');
    return { schemaVersion: version === null ? null : Number(version), latestVersion: pgMigrations().at(-1)?.version ?? 0 };
  } finally {
    await client.end().catch(() => {});
  }
}

/** pg's message for people: never the password, whatever pg put in it. */
export function probeMessage(error: unknown, url: string): string {
  const e = error as { message?: string; code?: string };
  let text = e?.message || String(error);
  const password = (() => {
    try {
      return decodeURIComponent(new URL(url).password);
    } catch {
      return '';
    }
  })();
  if (password) text = text.split(password).join('***');
  return redactUrl(text);
}
