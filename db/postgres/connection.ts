/**
 * The connection pool of the PostgreSQL store, and the two ways it is used:
 * one statement (`query`, atomic by itself) or one transaction (`tx`).
 *
 * Credentials: from the URL, else libpq's environment (PGUSER, PGPASSWORD…),
 * else ~/.pgpass (PGPASSFILE), all handled by `pg`. They are never logged or
 * shown: `redactUrl` is what `Store.location` and every message carry.
 * `sslmode` in the URL is honoured by pg-connection-string (disable, require,
 * verify-ca, verify-full; prefer/require do not verify the certificate).
 *
 * A dropped connection (the server restarted, pg_terminate_backend, a network
 * cut) must not stop a worker: the pool drops the broken client and the call is
 * retried on a fresh connection with backoff for up to `retryMs`. A transaction
 * is retried only when it failed before its COMMIT was sent; a connection lost
 * while a COMMIT was in flight is ambiguous (it may have committed), so that
 * error is passed on rather than risking a second copy of the write.
 */
import pg from 'pg';

export type Queryable = { query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> };

export type PgConnection = {
  /** One statement in its own transaction (autocommit), retried on a fresh connection when the connection drops. */
  readonly auto: Queryable;
  /** The rows of one statement (as `auto`). */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]>;
  /**
   * BEGIN … COMMIT on one client; rolled back when fn throws; retried as a whole when the connection drops before
   * COMMIT. `retryAfterLostCommit`: also when it drops during COMMIT, for a fn that finds out itself whether its
   * first attempt committed (a read, an idempotent write, or one that looks for the row or token it wrote:
   * `afterLostCommit` says that an earlier attempt may have committed).
   */
  tx<T>(fn: (c: Queryable, attempt: { afterLostCommit: boolean }) => Promise<T>, opts?: { retryAfterLostCommit?: boolean }): Promise<T>;
  readonly pool: pg.Pool;
  end(): Promise<void>;
};

export type ConnectOptions = {
  /** Pool size (default 4: the engine's calls are short; a worker runs a few trials at a time). */
  max?: number;
  /** How long calls keep retrying after the connection dropped (default 30 s). */
  retryMs?: number;
};

/** The URL for people: no password, whatever else it has. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '';
    return u.toString().replace(/^(postgres(?:ql)?:\/\/[^:@/]*):?@/, '$1@');
  } catch {
    // Not a URL: still drop anything shaped like ':password@'.
    return url.replace(/:[^:@/]*@/, '@');
  }
}

// BIGINT (20) and NUMERIC (1700, e.g. SUM of BIGINT) as JS numbers: counts, epoch ms and sizes stay far below 2^53.
const NUMBER_OIDS = new Set([20, 1700]);
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    NUMBER_OIDS.has(oid) && format !== 'binary' ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

const CONNECTION_CODES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

/** True for errors of the connection, not of the statement: retrying on a new connection may succeed. */
export function isConnectionError(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  if (e?.code && CONNECTION_CODES.has(e.code)) return true;
  return /Connection terminated|connection is closed|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(e?.message ?? '');
}

class CommitInFlight extends Error {}

export function connect(url: string, opts: ConnectOptions = {}): PgConnection {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 4, types, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 10_000 });
  // An idle client whose server went away emits 'error' on the pool; unhandled, it would kill the process.
  // The pool has already discarded that client; the next call connects afresh.
  pool.on('error', () => {});
  const retryMs = opts.retryMs ?? 30_000;
  let ended = false;

  async function retrying<T>(fn: (afterLostCommit: boolean) => Promise<T>, lostCommitIsRetryable = false): Promise<T> {
    const start = Date.now();
    let afterLostCommit = false;
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn(afterLostCommit);
      } catch (error) {
        const lostCommit = error instanceof CommitInFlight;
        afterLostCommit ||= lostCommit;
        const retryable = lostCommit ? lostCommitIsRetryable : isConnectionError(error);
        if (ended || !retryable || Date.now() - start > retryMs) {
          throw error instanceof CommitInFlight ? error.cause : error;
        }
        await new Promise((r) => setTimeout(r, Math.min(2000, 50 * 2 ** attempt)));
      }
    }
  }

  /**
   * A client from the pool, already listening for 'error' when it is handed over. Not `await pool.connect()`: the pool
   * hands a client to a waiting caller while it parses the socket read that freed it, and when the same read goes on
   * with the server's FATAL (pg_terminate_backend while this process was too busy to read), that 'error' comes before
   * an awaiting caller could listen, and an unheard 'error' kills the process.
   */
  const checkout = (onError: (error: Error) => void): Promise<pg.PoolClient> =>
    new Promise((resolve, reject) =>
      pool.connect((error, client) => {
        if (error || !client) return reject(error ?? new Error('no client'));
        client.on('error', onError);
        resolve(client);
      }));

  const auto: Queryable = { query: <R extends pg.QueryResultRow>(text: string, values?: unknown[]) => retrying(() => pool.query<R>(text, values)) };
  return {
    pool,
    auto,
    query: async <R extends pg.QueryResultRow>(text: string, values?: unknown[]) => (await auto.query<R>(text, values)).rows,
    tx: (fn, opts = {}) =>
      retrying(async (afterLostCommit) => {
        let broken = false;
        // A checked-out client whose backend is terminated between two statements emits 'error' on itself, not on the
        // pool; unheard, that would kill the process. Heard, the client is destroyed at release and the call retried.
        const onError = () => (broken = true);
        const client = await checkout(onError);
        try {
          await client.query('BEGIN');
          const result = await fn(client, { afterLostCommit });
          try {
            await client.query('COMMIT');
          } catch (error) {
            broken = isConnectionError(error);
            throw broken ? new CommitInFlight('connection lost during COMMIT', { cause: error }) : error;
          }
          return result;
        } catch (error) {
          if (!broken && isConnectionError(error)) broken = true;
          if (!broken) await client.query('ROLLBACK').catch(() => (broken = true));
          throw error;
        } finally {
          client.off('error', onError);
          // A broken client is destroyed, not returned to the pool.
          client.release(broken || undefined);
        }
      }, opts.retryAfterLostCommit),
    async end() {
      if (ended) return;
      ended = true;
      await pool.end();
    },
  };
}
