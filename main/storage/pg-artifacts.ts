/**
 * Artifacts in PostgreSQL, for workers on machines that share no folder: each
 * file of a folder is cut into 1 MiB bytea chunks, and a folder is written in
 * one transaction (replacing what was stored under its key), so a reader gets
 * a whole folder or none. Readers on the machine that wrote the folder read it
 * in place; others fetch it once into <home>/cache/<scope>s/<key>, through a
 * temporary folder renamed into place, so a half-fetched copy is never used.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { PgConnection } from '../../db/postgres/connection.ts';
import type { ArtifactScope, ArtifactStore } from './artifacts.ts';

export const CHUNK_BYTES = 1 << 20;

/** Every file below dir, as paths relative to it with '/' separators. */
function listFiles(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full, base));
    else if (entry.isFile()) out.push(relative(base, full).split(sep).join('/'));
  }
  return out.sort();
}

/** True when dir exists here with at least one file (a folder another machine wrote is absent or empty here). */
const hasFiles = (dir: string) => existsSync(dir) && statSync(dir).isDirectory() && readdirSync(dir).length > 0;

export function databaseArtifacts(pg: PgConnection, home: string): ArtifactStore {
  const cacheDir = (scope: ArtifactScope, key: string) => join(home, 'cache', `${scope}s`, key.replace(/[^A-Za-z0-9_.-]/g, '_'));

  async function fetchInto(scope: ArtifactScope, key: string, target: string): Promise<boolean> {
    const files = await pg.query<{ path: string; bytes: number; chunks: number }>(
      'SELECT path, bytes, chunks FROM artifact_files WHERE scope = $1 AND key = $2 ORDER BY path', [scope, key],
    );
    if (files.length === 0) return false;
    const tmp = `${target}.tmp-${randomBytes(4).toString('hex')}`;
    try {
      for (const f of files) {
        const parts = await pg.query<{ data: Buffer }>(
          'SELECT data FROM artifact_chunks WHERE scope = $1 AND key = $2 AND path = $3 ORDER BY chunk', [scope, key, f.path],
        );
        const data = Buffer.concat(parts.map((p) => p.data));
        if (parts.length !== f.chunks || data.length !== f.bytes) throw new Error(`stored ${scope} ${key}: ${f.path} is incomplete (${data.length} of ${f.bytes} bytes)`);
        const file = join(tmp, ...f.path.split('/'));
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, data);
      }
      mkdirSync(dirname(target), { recursive: true });
      rmSync(target, { recursive: true, force: true });
      renameSync(tmp, target);
      return true;
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }

  return {
    kind: 'database',
    async put(scope, key, dir) {
      const files = hasFiles(dir) ? listFiles(dir) : [];
      await pg.tx(async (c) => {
        await c.query('DELETE FROM artifact_files WHERE scope = $1 AND key = $2', [scope, key]);
        for (const path of files) {
          const data = readFileSync(join(dir, ...path.split('/')));
          const chunks = Math.max(1, Math.ceil(data.length / CHUNK_BYTES));
          await c.query('INSERT INTO artifact_files (scope, key, path, bytes, chunks) VALUES ($1, $2, $3, $4, $5)', [scope, key, path, data.length, chunks]);
          for (let i = 0; i < chunks; i++) {
            await c.query('INSERT INTO artifact_chunks (scope, key, path, chunk, data) VALUES ($1, $2, $3, $4, $5)', [
              scope, key, path, i, data.subarray(i * CHUNK_BYTES, (i + 1) * CHUNK_BYTES),
            ]);
          }
        }
      }, { retryAfterLostCommit: true });
    },
    async local(scope, key, dir) {
      if (hasFiles(dir)) return dir;
      const cached = cacheDir(scope, key);
      if (hasFiles(cached)) return cached;
      return (await fetchInto(scope, key, cached)) ? cached : dir;
    },
    async delete(scope, key) {
      await pg.query('DELETE FROM artifact_files WHERE scope = $1 AND key = $2', [scope, key]);
      rmSync(cacheDir(scope, key), { recursive: true, force: true });
    },
  };
}
