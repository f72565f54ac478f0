/**
 * A PostgreSQL server for tests and benchmarks, and a fresh database on it per
 * suite. The server comes from MODELBENCH_TEST_PG_URL (CI starts a throwaway
 * cluster in .ci/run and sets it), else from a throwaway cluster started here
 * with Debian's binaries (/usr/lib/postgresql/<version>/bin): initdb into a
 * temp folder, the socket in that folder, listening on 127.0.0.1 and a free
 * port, run as the `postgres` user when we are root (PostgreSQL refuses to run
 * as root). Where neither exists, `pgServer()` resolves null and callers skip
 * with the reason.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export type PgServer = {
  /** A URL of a database on the server that the test user may create databases from. */
  url: string;
  /** Stops the cluster this process started (a no-op for MODELBENCH_TEST_PG_URL). */
  stop(): Promise<void>;
};

export const SKIP_REASON = 'no PostgreSQL: set MODELBENCH_TEST_PG_URL or install Debian\'s postgresql (apt-get install postgresql)';

/** The newest Debian PostgreSQL bin folder, or null. */
export function debianPgBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0], 'bin') : null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const isRoot = () => process.getuid?.() === 0;

/** Runs a PostgreSQL binary, as the postgres user when we are root. */
function runPg(bin: string, args: string[]): void {
  const [file, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const r = spawnSync(file, argv, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
}

/** Starts a throwaway cluster (initdb, pg_ctl start); stop() stops it and removes its folder. */
export async function startCluster(bin: string): Promise<PgServer> {
  const dir = mkdtempSync(join(tmpdir(), 'modelbench-pg-'));
  if (isRoot()) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const port = await freePort();
  runPg(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-instructions']);
  runPg(join(bin, 'pg_ctl'), [
    '-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300`, 'start',
  ]);
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      try {
        runPg(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** MODELBENCH_TEST_PG_URL, else a throwaway cluster, else null (skip). */
export async function pgServer(): Promise<PgServer | null> {
  const url = process.env.MODELBENCH_TEST_PG_URL;
  if (url) return { url, stop: async () => {} };
  const bin = debianPgBin();
  return bin ? startCluster(bin) : null;
}

/** A URL with another database name. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Creates a fresh, empty database on the server; drop() removes it (every connection to it closed first). */
export async function freshDatabase(serverUrl: string, prefix = 'mb_test'): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(serverUrl, name),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
