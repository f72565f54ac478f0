/**
 * Explanations of runs (the explanations table of schema 1, with the job columns
 * of schema 6): `config` holds the resolved settings, `result` the result, both
 * JSON that keeps non-finite numbers (db/json.ts).
 */
import type { ExplainSettings, ExplanationResult, ExplanationStatus, ExplanationSummary } from '../../main/explain/request.ts';
import { fromJson, toJson } from '../json.ts';
import type { ExplanationStore } from '../store.ts';
import type { Db } from './database.ts';
import type { Sync } from './sync.ts';

export type ExplanationRow = {
  id: string; run_id: string; method: string; config: string; settings_key: string; status: string; error: string | null;
  created_at: string; finished_at: string | null; duration_ms: number | null; owner_id: string | null;
};

const SUMMARY_COLUMNS = 'id, run_id, method, config, settings_key, status, error, created_at, finished_at, duration_ms, owner_id';

export function toExplanationSummary(r: ExplanationRow): ExplanationSummary {
  return {
    id: r.id,
    runId: r.run_id,
    method: r.method as ExplanationSummary['method'],
    settings: fromJson<ExplainSettings>(r.config),
    settingsKey: r.settings_key,
    status: r.status as ExplanationStatus,
    error: r.error,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
    durationMs: r.duration_ms,
    ownerId: r.owner_id,
  };
}

const withResult = (r: ExplanationRow & { result: string | null }) => ({
  ...toExplanationSummary(r),
  result: r.result === null ? null : fromJson<ExplanationResult>(r.result),
});

export function createExplanationStore(db: Db): Sync<ExplanationStore> {
  const insert = db.prepare(
    `INSERT INTO explanations (id, run_id, method, config, settings_key, status, owner_id, created_at)
     VALUES (@id, @runId, @method, @config, @settingsKey, 'running', @ownerId, @createdAt)`,
  );
  const finish = db.prepare(
    `UPDATE explanations SET status = @status, result = @result, error = @error, finished_at = @finishedAt, duration_ms = @durationMs
     WHERE id = @id AND status = 'running'`,
  );
  const get = db.prepare<[string], ExplanationRow & { result: string | null }>(`SELECT ${SUMMARY_COLUMNS}, result FROM explanations WHERE id = ?`);
  const find = db.prepare<[string, string], ExplanationRow & { result: string | null }>(
    `SELECT ${SUMMARY_COLUMNS}, result FROM explanations WHERE run_id = ? AND settings_key = ? AND status = 'completed'
     ORDER BY created_at DESC, id DESC LIMIT 1`,
  );
  const listRun = db.prepare<{ runId: string; limit: number; offset: number }, ExplanationRow>(
    `SELECT ${SUMMARY_COLUMNS} FROM explanations WHERE run_id = @runId ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset`,
  );
  const listAll = db.prepare<{ limit: number; offset: number }, ExplanationRow>(
    `SELECT ${SUMMARY_COLUMNS} FROM explanations ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset`,
  );
  const countRun = db.prepare<[string], number>('SELECT COUNT(*) FROM explanations WHERE run_id = ?').pluck();
  const countAll = db.prepare<[], number>('SELECT COUNT(*) FROM explanations').pluck();
  const owner = db.prepare<[string], { owner_id: string | null }>('SELECT owner_id FROM explanations WHERE id = ?');
  const remove = db.prepare('DELETE FROM explanations WHERE id = ?');

  return {
    create(e) {
      insert.run({ id: e.id, runId: e.runId, method: e.settings.method, config: toJson(e.settings), settingsKey: e.settingsKey, ownerId: e.ownerId, createdAt: e.createdAt });
    },
    finish(id, f) {
      const result = f.result === undefined || f.result === null ? null : toJson(f.result);
      return finish.run({ id, status: f.status, result, error: f.error ?? null, finishedAt: f.finishedAt, durationMs: f.durationMs }).changes > 0;
    },
    get(id) {
      const row = get.get(id);
      return row ? withResult(row) : undefined;
    },
    find(runId, settingsKey) {
      const row = find.get(runId, settingsKey);
      return row ? withResult(row) : undefined;
    },
    list({ runId, offset, limit }) {
      const items = runId === undefined ? listAll.all({ limit, offset }) : listRun.all({ runId, limit, offset });
      return { total: runId === undefined ? countAll.get() ?? 0 : countRun.get(runId) ?? 0, items: items.map(toExplanationSummary) };
    },
    owner(id) {
      const row = owner.get(id);
      return row ? row.owner_id : undefined;
    },
    delete(id) {
      remove.run(id);
    },
  };
}
