/**
 * The paged, sorted, filtered run listing. SQL is assembled from a fixed set of
 * fragments (never from user text) and each shape is prepared once by the caller.
 */
import type { RunListQuery, RunPage } from '../../main/api/schemas.ts';
import type { RunRecord } from '../../main/api/schemas.ts';
import type { Db } from './database.ts';
import { toRecord, type RunRow } from './run-row.ts';

type ListParams = RunListQuery;
type SortKey = ListParams['sort'];

export type ListQuery = { run(q: ListParams, search: string | undefined): RunPage };

/** Sort key → column, and whether it can be NULL (NULLs always sort last). */
const SORT_COLUMNS: Record<SortKey, { col: string; nullable: boolean }> = {
  createdAt: { col: 'r.created_at', nullable: false },
  name: { col: 'r.name COLLATE NOCASE', nullable: false },
  status: { col: 'r.status', nullable: false },
  valAccuracy: { col: 'r.val_accuracy', nullable: true },
  valF1: { col: 'r.val_f1', nullable: true },
  valLoss: { col: 'r.val_loss', nullable: true },
  valR2: { col: 'r.val_r2', nullable: true },
  valMse: { col: 'r.val_mse', nullable: true },
  paramCount: { col: 'r.param_count', nullable: false },
  durationMs: { col: 'r.duration_ms', nullable: true },
};

/**
 * ORDER BY shaped to match the indexes in 001_init.sql and 007_sort_regression.sql: DESC scans `(col)`
 * backwards (NULLs, the smallest values, come out last by themselves); ASC uses
 * the `(col IS NULL, col)` index. seq (the rowid, implicit in every index) breaks
 * ties so pages never overlap or skip.
 */
function orderBy(sort: SortKey, order: 'asc' | 'desc'): string {
  const { col, nullable } = SORT_COLUMNS[sort];
  const dir = order === 'asc' ? 'ASC' : 'DESC';
  const parts = [`${col} ${dir}`];
  if (nullable && order === 'asc') parts.unshift(`(${col} IS NULL) ASC`);
  if (sort === 'status') parts.push(`r.created_at ${dir}`);
  parts.push(`r.seq ${dir}`);
  return parts.join(', ');
}

// The trigram index only answers terms of 3+ characters; shorter ones fall back to LIKE.
type SearchMode = 'none' | 'fts' | 'like';
const searchMode = (search: string | undefined): SearchMode =>
  !search ? 'none' : [...search].length >= 3 ? 'fts' : 'like';

export function listQueryKey(q: ListParams, search: string | undefined): string {
  return [q.sort, q.order, q.status ? 's' : '', q.datasetId ? 'd' : '', searchMode(search)].join('|');
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
// An FTS5 string literal: the whole term as one phrase, which the trigram tokenizer treats as a substring.
const ftsPhrase = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** The two statements of one query shape; exported so tests can check their plans use the indexes. */
export function listSql(q: Pick<ListParams, 'sort' | 'order' | 'status' | 'datasetId'>, search: string | undefined): { count: string; page: string } {
  const mode = searchMode(search);
  const where: string[] = [];
  if (q.status) where.push('r.status = @status');
  if (q.datasetId) where.push('r.dataset_id = @datasetId');
  if (mode === 'fts') {
    where.push(`(r.seq IN (SELECT rowid FROM runs_fts WHERE runs_fts MATCH @fts) OR d.name LIKE @like ESCAPE '\\')`);
  } else if (mode === 'like') {
    const cols = ['r.name', 'r.id', 'r.notes', 'r.tags', 'd.name'];
    where.push(`(${cols.map((c) => `${c} LIKE @like ESCAPE '\\'`).join(' OR ')})`);
  }
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const join = 'LEFT JOIN datasets d ON d.id = r.dataset_id';
  return {
    // The count only needs the join when the search looks at dataset names.
    count: `SELECT COUNT(*) AS n FROM runs r ${mode === 'none' ? '' : join} ${whereSql}`,
    page: `SELECT r.*, d.name AS dataset_name FROM runs r ${join} ${whereSql}
     ORDER BY ${orderBy(q.sort, q.order)} LIMIT @limit OFFSET @offset`,
  };
}

export function buildListQuery(db: Db, q: ListParams, search: string | undefined): ListQuery {
  const mode = searchMode(search);
  const sql = listSql(q, search);
  const count = db.prepare<Record<string, unknown>, { n: number }>(sql.count);
  const page = db.prepare<Record<string, unknown>, RunRow>(sql.page);

  // Both statements in one read transaction so total and items agree while a trainer writes.
  const read = db.transaction((bind: Record<string, unknown>, limit: number, offset: number): RunPage => {
    const total = count.get(bind)?.n ?? 0;
    const items: RunRecord[] = page.all({ ...bind, limit, offset }).map(toRecord);
    return { total, items };
  });

  return {
    run(params, term) {
      const bind: Record<string, unknown> = {};
      if (params.status) bind.status = params.status;
      if (params.datasetId) bind.datasetId = params.datasetId;
      if (mode !== 'none' && term) {
        bind.like = `%${escapeLike(term)}%`;
        if (mode === 'fts') bind.fts = ftsPhrase(term);
      }
      return read(bind, params.limit, params.offset);
    },
  };
}
