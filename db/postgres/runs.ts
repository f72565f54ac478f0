/**
 * Run rows on PostgreSQL: the columns and row mapping of the SQLite store
 * (db/sqlite/run-row.ts), a paged list sorted on indexed columns with NULLs
 * last both ways, and substring search with ILIKE (no trigram index: see
 * docs/scale.md for when that matters).
 */
import type { RunListQuery } from '../../main/api/schemas.ts';
import { toRecord, type RunRow } from '../sqlite/run-row.ts';
import { columnsOf, INSERT_COLUMNS, insertColumns } from '../sqlite/runs.ts';
import type { RunStore } from '../store.ts';
import type { PgConnection } from './connection.ts';

const SELECT = 'SELECT r.*, d.name AS dataset_name FROM runs r LEFT JOIN datasets d ON d.id = r.dataset_id';

/** Sort key → column and whether it can be NULL; fixed fragments, never user text. */
const SORT_COLUMNS: Record<RunListQuery['sort'], { col: string; nullable: boolean }> = {
  createdAt: { col: 'r.created_at', nullable: false },
  name: { col: 'lower(r.name)', nullable: false },
  status: { col: 'r.status', nullable: false },
  valAccuracy: { col: 'r.val_accuracy', nullable: true },
  valF1: { col: 'r.val_f1', nullable: true },
  valLoss: { col: 'r.val_loss', nullable: true },
  valR2: { col: 'r.val_r2', nullable: true },
  valMse: { col: 'r.val_mse', nullable: true },
  paramCount: { col: 'r.param_count', nullable: false },
  durationMs: { col: 'r.duration_ms', nullable: true },
};

function orderBy(sort: RunListQuery['sort'], order: 'asc' | 'desc'): string {
  const { col, nullable } = SORT_COLUMNS[sort];
  const dir = order === 'asc' ? 'ASC' : 'DESC';
  const parts = [`${col} ${dir}${nullable ? ' NULLS LAST' : ''}`];
  if (sort === 'status') parts.push(`r.created_at ${dir}`);
  parts.push(`r.seq ${dir}`);
  return parts.join(', ');
}

export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function createRunStore(pg: PgConnection): RunStore {
  return {
    // In a transaction, not autocommit: a retry after a lost COMMIT first looks for the row, so it is never inserted twice.
    insert: (run) =>
      pg.tx(async (c, { afterLostCommit }) => {
        if (afterLostCommit && (await c.query('SELECT 1 FROM runs WHERE id = $1', [run.record.id])).rows.length > 0) return;
        const cols = insertColumns(run);
        await c.query(`INSERT INTO runs (${INSERT_COLUMNS.join(', ')}) VALUES (${INSERT_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`, INSERT_COLUMNS.map((n) => cols[n]));
      }, { retryAfterLostCommit: true }),
    async update(id, patch) {
      const cols = columnsOf(patch);
      const names = Object.keys(cols);
      if (names.length === 0) return;
      await pg.query(`UPDATE runs SET ${names.map((n, i) => `${n} = $${i + 2}`).join(', ')} WHERE id = $1`, [id, ...names.map((n) => cols[n])]);
    },
    async get(id) {
      const [r] = await pg.query<RunRow>(`${SELECT} WHERE r.id = $1`, [id]);
      return r ? toRecord(r) : undefined;
    },
    async getMany(ids) {
      if (ids.length === 0) return [];
      const rows = await pg.query<RunRow>(`${SELECT} WHERE r.id = ANY($1::text[])`, [ids]);
      const byId = new Map(rows.map((r) => [r.id, toRecord(r)]));
      return ids.flatMap((id) => byId.get(id) ?? []);
    },
    artifactDir: async (id) => (await pg.query<{ artifact_dir: string }>('SELECT artifact_dir FROM runs WHERE id = $1', [id]))[0]?.artifact_dir,
    async lineage(id) {
      const [r] = await pg.query<{ parent_run_id: string | null; relation: string | null }>('SELECT parent_run_id, relation FROM runs WHERE id = $1', [id]);
      return r?.parent_run_id ? { parentRunId: r.parent_run_id, relation: r.relation ?? '' } : undefined;
    },
    async owner(id) {
      const [r] = await pg.query<{ owner_id: string | null }>('SELECT owner_id FROM runs WHERE id = $1', [id]);
      return r ? r.owner_id : undefined;
    },
    list: (q) =>
      // Count and page in one snapshot, so total and items agree while a trainer writes.
      pg.tx(async (c) => {
        await c.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const where: string[] = [];
        const values: unknown[] = [];
        const bind = (v: unknown) => `$${values.push(v)}`;
        if (q.status) where.push(`r.status = ${bind(q.status)}`);
        if (q.datasetId) where.push(`r.dataset_id = ${bind(q.datasetId)}`);
        const search = q.search?.trim();
        if (search) {
          const like = bind(`%${escapeLike(search)}%`);
          where.push(`(${['r.name', 'r.id', 'r.notes', 'r.tags', 'd.name'].map((col) => `${col} ILIKE ${like}`).join(' OR ')})`);
        }
        const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
        const total = (await c.query<{ n: number }>(`SELECT COUNT(*) AS n FROM runs r LEFT JOIN datasets d ON d.id = r.dataset_id ${whereSql}`, values)).rows[0].n;
        const page = await c.query<RunRow>(
          `${SELECT} ${whereSql} ORDER BY ${orderBy(q.sort, q.order)} LIMIT ${bind(q.limit)} OFFSET ${bind(q.offset)}`, values,
        );
        return { total, items: page.rows.map(toRecord) };
      }, { retryAfterLostCommit: true }),
    async delete(id) {
      await pg.query('DELETE FROM runs WHERE id = $1', [id]);
    },
  };
}
