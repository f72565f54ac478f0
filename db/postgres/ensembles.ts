/** Ensembles and their member slots on PostgreSQL, mapped as on SQLite (db/sqlite/ensembles.ts). */
import { MEMBER_OF_RUN, SORT_COLUMNS as SQLITE_SORT_COLUMNS, statusColumns, toMember, toRecord, type EnsembleRow, type MemberRow } from '../sqlite/ensembles.ts';
import type { EnsembleListQuery, EnsembleStore } from '../store.ts';
import type { PgConnection } from './connection.ts';
import { escapeLike } from './runs.ts';

const SELECT = `SELECT e.*, d.name AS dataset_name, d.task AS task,
  (SELECT COUNT(*) FROM ensemble_members m WHERE m.ensemble_id = e.id AND m.weight > 0) AS member_count
  FROM ensembles e LEFT JOIN datasets d ON d.id = e.dataset_id`;

/** SQLite's sort columns, but for the name: PostgreSQL has no COLLATE NOCASE; lower() sorts the same way. */
const SORT_COLUMNS: typeof SQLITE_SORT_COLUMNS = { ...SQLITE_SORT_COLUMNS, name: { col: 'lower(e.name)', nullable: false } };

function orderBy(sort: EnsembleListQuery['sort'], order: 'asc' | 'desc'): string {
  const { col, nullable } = SORT_COLUMNS[sort];
  const dir = order === 'asc' ? 'ASC' : 'DESC';
  return [`${col} ${dir}${nullable ? ' NULLS LAST' : ''}`, `e.created_at ${dir}`, `e.id ${dir}`].join(', ');
}

export function createEnsembleStore(pg: PgConnection): EnsembleStore {
  return {
    async create(e) {
      await pg.query(
        `INSERT INTO ensembles (id, name, dataset_id, method, status, config, created_at, owner_id) VALUES ($1, $2, $3, $4, 'running', $5, $6, $7)`,
        [e.id, e.name, e.datasetId, e.method, JSON.stringify(e.config), e.createdAt, e.ownerId],
      );
    },
    get: (id) =>
      pg.tx(async (c) => {
        const [r] = (await c.query<EnsembleRow>(`${SELECT} WHERE e.id = $1`, [id])).rows;
        if (!r) return undefined;
        const members = await c.query<MemberRow>(
          `SELECT m.*, r.name AS run_name, r.status AS run_status, r.metrics AS run_metrics, r.param_count AS run_params
           FROM ensemble_members m LEFT JOIN runs r ON r.id = m.run_id WHERE m.ensemble_id = $1 ORDER BY m.position`,
          [id],
        );
        return { ...toRecord(r), members: members.rows.map(toMember), report: JSON.parse(r.report), combiner: r.combiner ? JSON.parse(r.combiner) : null };
      }, { retryAfterLostCommit: true }),
    list: (q) =>
      pg.tx(async (c) => {
        await c.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const values: unknown[] = [];
        const bind = (v: unknown) => `$${values.push(v)}`;
        const where: string[] = [];
        if (q.status) where.push(`e.status = ${bind(q.status)}`);
        if (q.datasetId) where.push(`e.dataset_id = ${bind(q.datasetId)}`);
        if (q.memberRunId) where.push(`e.id IN (${MEMBER_OF_RUN(bind(q.memberRunId))})`);
        const search = q.search?.trim();
        if (search) {
          const like = bind(`%${escapeLike(search)}%`);
          where.push(`(e.name ILIKE ${like} OR e.id ILIKE ${like} OR d.name ILIKE ${like})`);
        }
        const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
        const total = (await c.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ensembles e LEFT JOIN datasets d ON d.id = e.dataset_id ${whereSql}`, values)).rows[0].n;
        const page = await c.query<EnsembleRow>(`${SELECT} ${whereSql} ORDER BY ${orderBy(q.sort, q.order)} LIMIT ${bind(q.limit)} OFFSET ${bind(q.offset)}`, values);
        return { total, items: page.rows.map(toRecord) };
      }, { retryAfterLostCommit: true }),
    async putMember(ensembleId, m) {
      await pg.query(
        `INSERT INTO ensemble_members (ensemble_id, position, run_id, role, fold, stage, weight, feature_mask) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (ensemble_id, position) DO UPDATE SET run_id = excluded.run_id, role = excluded.role, fold = excluded.fold,
           stage = excluded.stage, weight = excluded.weight, feature_mask = excluded.feature_mask`,
        [ensembleId, m.position, m.runId, m.role, m.fold, m.stage, m.weight, m.featureMask ? JSON.stringify(m.featureMask) : null],
      );
    },
    setStatus: (id, status, patch = {}) =>
      pg.tx(async (c) => {
        const cols = statusColumns(status, patch);
        const names = Object.keys(cols);
        const values: unknown[] = [id, ...names.map((n) => cols[n])];
        const sets = names.map((n, i) => `${n} = $${i + 2}`);
        if (patch.finished) {
          // finished_at and duration_ms from one clock reading and created_at, in SQL, so they agree.
          const now = `$${values.push(new Date().toISOString())}`;
          sets.push(`finished_at = ${now}::text`, `duration_ms = ROUND(EXTRACT(EPOCH FROM (${now}::text::timestamptz - created_at::timestamptz)) * 1000)::bigint`);
        }
        await c.query(`UPDATE ensembles SET ${sets.join(', ')} WHERE id = $1`, values);
        for (const w of patch.weights ?? []) await c.query('UPDATE ensemble_members SET weight = $1 WHERE ensemble_id = $2 AND position = $3', [w.weight, id, w.position]);
      }, { retryAfterLostCommit: true }),
    async owner(id) {
      const [r] = await pg.query<{ owner_id: string | null }>('SELECT owner_id FROM ensembles WHERE id = $1', [id]);
      return r ? r.owner_id : undefined;
    },
    byRun: (runId) =>
      pg.query<{ id: string; name: string }>(
        `SELECT e.id, e.name FROM ensembles e WHERE e.id IN (${MEMBER_OF_RUN('$1')}) ORDER BY e.created_at`, [runId],
      ),
    async delete(id) {
      await pg.query('DELETE FROM ensembles WHERE id = $1', [id]);
    },
  };
}
