/** Study rows on PostgreSQL, mapped as on SQLite (db/sqlite/studies.ts). */
import { PATCH_COLUMNS, toRow, type Raw } from '../sqlite/studies.ts';
import type { StudyRowStore } from '../store.ts';
import type { PgConnection } from './connection.ts';

export function createStudyRowStore(pg: PgConnection): StudyRowStore {
  return {
    async insert(row) {
      await pg.query(
        `INSERT INTO studies (id, name, dataset_id, status, directions, objectives, sampler, pruner, search_space, config, seed, owner_id, created_at, finished_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        [row.id, row.name, row.datasetId, row.status, JSON.stringify(row.directions), JSON.stringify(row.objectives), JSON.stringify(row.sampler),
          JSON.stringify(row.pruner), JSON.stringify(row.space), JSON.stringify(row.config), row.seed, row.ownerId, row.createdAt, row.finishedAt],
      );
    },
    async get(id) {
      const [r] = await pg.query<Raw>('SELECT * FROM studies WHERE id = $1', [id]);
      return r ? toRow(r) : undefined;
    },
    list: ({ offset, limit, search, status }) =>
      pg.tx(async (c) => {
        await c.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const values: unknown[] = [];
        const bind = (v: unknown) => `$${values.push(v)}`;
        const where: string[] = [];
        const q = search?.trim().toLowerCase();
        if (q) {
          const p = bind(q);
          where.push(`(strpos(lower(name), ${p}) > 0 OR strpos(lower(id), ${p}) > 0)`);
        }
        if (status !== undefined) where.push(`status = ${bind(status)}`);
        const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
        const total = (await c.query<{ n: number }>(`SELECT COUNT(*) AS n FROM studies ${whereSql}`, values)).rows[0].n;
        const items = await c.query<Raw>(`SELECT * FROM studies ${whereSql} ORDER BY created_at DESC, id DESC LIMIT ${bind(limit)} OFFSET ${bind(offset)}`, values);
        return { total, items: items.rows.map(toRow) };
      }, { retryAfterLostCommit: true }),
    async update(id, patch) {
      const cols: [string, unknown][] = [];
      for (const [field, [col, json]] of Object.entries(PATCH_COLUMNS)) {
        const v = (patch as Record<string, unknown>)[field];
        if (v !== undefined) cols.push([col, json ? JSON.stringify(v) : v]);
      }
      if (!cols.length) return;
      await pg.query(`UPDATE studies SET ${cols.map(([c], i) => `${c} = $${i + 2}`).join(', ')} WHERE id = $1`, [id, ...cols.map(([, v]) => v)]);
    },
    // Taken unless a registered owner other than the claimant holds it running (one statement: atomic).
    claim: async (id, owner) =>
      (await pg.auto.query(
        `UPDATE studies SET status = 'running', owner_id = $2, finished_at = NULL
         WHERE id = $1 AND NOT (status = 'running' AND owner_id IS NOT NULL AND owner_id <> $2
                                AND EXISTS (SELECT 1 FROM owners o WHERE o.id = studies.owner_id))`,
        [id, owner],
      )).rowCount === 1,
    async delete(id) {
      await pg.query('DELETE FROM studies WHERE id = $1', [id]);
    },
  };
}
