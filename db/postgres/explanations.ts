/** Explanations of runs on PostgreSQL, mapped as on SQLite (db/sqlite/explanations.ts). */
import type { ExplanationResult } from '../../main/explain/request.ts';
import { fromJson, toJson } from '../json.ts';
import { toExplanationSummary, type ExplanationRow } from '../sqlite/explanations.ts';
import type { ExplanationStore } from '../store.ts';
import type { PgConnection } from './connection.ts';

const SUMMARY_COLUMNS = 'id, run_id, method, config, settings_key, status, error, created_at, finished_at, duration_ms, owner_id';
type FullRow = ExplanationRow & { result: string | null };

// BIGINT comes back as a string from pg.
const normalise = <R extends { duration_ms: number | string | null }>(r: R): R => ({ ...r, duration_ms: r.duration_ms === null ? null : Number(r.duration_ms) });
const withResult = (r: FullRow) => ({ ...toExplanationSummary(normalise(r)), result: r.result === null ? null : fromJson<ExplanationResult>(r.result) });

export function createExplanationStore(pg: PgConnection): ExplanationStore {
  return {
    async create(e) {
      await pg.query(
        `INSERT INTO explanations (id, run_id, method, config, settings_key, status, owner_id, created_at) VALUES ($1, $2, $3, $4, $5, 'running', $6, $7)`,
        [e.id, e.runId, e.settings.method, toJson(e.settings), e.settingsKey, e.ownerId, e.createdAt],
      );
    },
    async finish(id, f) {
      const result = f.result === undefined || f.result === null ? null : toJson(f.result);
      const { rowCount } = await pg.auto.query(
        `UPDATE explanations SET status = $2, result = $3, error = $4, finished_at = $5, duration_ms = $6 WHERE id = $1 AND status = 'running'`,
        [id, f.status, result, f.error ?? null, f.finishedAt, f.durationMs],
      );
      return (rowCount ?? 0) > 0;
    },
    async get(id) {
      const [r] = await pg.query<FullRow>(`SELECT ${SUMMARY_COLUMNS}, result FROM explanations WHERE id = $1`, [id]);
      return r ? withResult(r) : undefined;
    },
    async find(runId, settingsKey) {
      const [r] = await pg.query<FullRow>(
        `SELECT ${SUMMARY_COLUMNS}, result FROM explanations WHERE run_id = $1 AND settings_key = $2 AND status = 'completed'
         ORDER BY created_at DESC, id DESC LIMIT 1`,
        [runId, settingsKey],
      );
      return r ? withResult(r) : undefined;
    },
    list: ({ runId, offset, limit }) =>
      pg.tx(async (c) => {
        const where = runId === undefined ? '' : 'WHERE run_id = $3';
        const args: unknown[] = runId === undefined ? [limit, offset] : [limit, offset, runId];
        const items = await c.query<ExplanationRow>(`SELECT ${SUMMARY_COLUMNS} FROM explanations ${where} ORDER BY created_at DESC, id DESC LIMIT $1 OFFSET $2`, args);
        const count = await c.query<{ n: string }>(`SELECT COUNT(*) AS n FROM explanations ${runId === undefined ? '' : 'WHERE run_id = $1'}`, runId === undefined ? [] : [runId]);
        return { total: Number(count.rows[0]?.n ?? 0), items: items.rows.map((r) => toExplanationSummary(normalise(r))) };
      }, { retryAfterLostCommit: true }),
    async owner(id) {
      const [r] = await pg.query<{ owner_id: string | null }>('SELECT owner_id FROM explanations WHERE id = $1', [id]);
      return r ? r.owner_id : undefined;
    },
    async delete(id) {
      await pg.query('DELETE FROM explanations WHERE id = $1', [id]);
    },
  };
}
