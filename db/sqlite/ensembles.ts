/**
 * Ensembles: one row per ensemble (a job while it runs, a model once it is
 * done) and one per member slot. A slot is written when its run starts and
 * again when it ends, so a crash keeps every finished member: a resumed job
 * finds them by position and trains only the rest. The combiner, the method's
 * report and the size are JSON read whole with the ensemble; the val metrics
 * are also copied into columns History sorts on.
 */
import type { FinalMetrics } from '../../main/api/schemas.ts';
import type { EnsembleMethodName } from '../../main/ensemble/types.ts';
import type {
  EnsembleDetail, EnsembleMemberView, EnsembleRecord, EnsembleStatus, MemberRole, StoredMember,
} from '../../main/ensemble/types.ts';
import type { EnsembleListQuery, EnsemblePatch, EnsembleStore } from '../store.ts';
import type { Db } from './database.ts';
import { metricsFromJson, metricsToJson } from './run-row.ts';
import type { Sync } from './sync.ts';

export type EnsembleRow = {
  id: string; name: string; dataset_id: string | null; dataset_name: string | null; task: string | null; method: string; status: string;
  config: string; metrics: string; combiner: string | null; report: string; size: string | null; param_count: number; flops: number;
  error: string | null; owner_id: string | null; created_at: string; finished_at: string | null; duration_ms: number | null; member_count: number;
};
export type MemberRow = {
  position: number; run_id: string | null; role: string; fold: number | null; stage: number | null; weight: number; feature_mask: string | null;
  run_name: string | null; run_status: string | null; run_metrics: string | null; run_params: number | null;
};

const SELECT = `SELECT e.*, d.name AS dataset_name, d.task AS task,
  (SELECT COUNT(*) FROM ensemble_members m WHERE m.ensemble_id = e.id AND m.weight > 0) AS member_count
  FROM ensembles e LEFT JOIN datasets d ON d.id = e.dataset_id`;

const finiteOrNull = (v: number | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function toRecord(r: EnsembleRow): EnsembleRecord {
  return {
    id: r.id,
    name: r.name,
    method: r.method as EnsembleMethodName,
    datasetId: r.dataset_id,
    datasetName: r.dataset_name ?? '',
    task: (r.task as EnsembleRecord['task']) ?? null,
    status: r.status as EnsembleStatus,
    error: r.error,
    config: JSON.parse(r.config),
    metrics: metricsFromJson(r.metrics),
    paramCount: r.param_count,
    flops: r.flops,
    size: r.size ? JSON.parse(r.size) : null,
    memberCount: r.member_count,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
    durationMs: r.duration_ms,
    ownerId: r.owner_id,
  };
}

export function toMember(r: MemberRow): EnsembleMemberView {
  const metrics = r.run_metrics ? metricsFromJson(r.run_metrics) : null;
  return {
    position: r.position,
    runId: r.run_id,
    role: r.role as MemberRole,
    fold: r.fold,
    stage: r.stage,
    weight: r.weight,
    featureMask: r.feature_mask ? JSON.parse(r.feature_mask) : null,
    runName: r.run_name,
    runStatus: (r.run_status as EnsembleMemberView['runStatus']) ?? null,
    metrics: metrics ? { val: metrics.val, test: metrics.test } : null,
    paramCount: r.run_params,
  };
}

/** Sort key → column; the same keys and NULLs-last rule as the run list (run-list.ts). */
export const SORT_COLUMNS: Record<EnsembleListQuery['sort'], { col: string; nullable: boolean }> = {
  createdAt: { col: 'e.created_at', nullable: false },
  name: { col: 'e.name COLLATE NOCASE', nullable: false },
  status: { col: 'e.status', nullable: false },
  valAccuracy: { col: 'e.val_accuracy', nullable: true },
  valF1: { col: 'e.val_f1', nullable: true },
  valLoss: { col: 'e.val_loss', nullable: true },
  paramCount: { col: 'e.param_count', nullable: false },
  durationMs: { col: 'e.duration_ms', nullable: true },
};

function orderBy(sort: EnsembleListQuery['sort'], order: 'asc' | 'desc'): string {
  const { col, nullable } = SORT_COLUMNS[sort];
  const dir = order === 'asc' ? 'ASC' : 'DESC';
  return [...(nullable ? [`(${col} IS NULL) ASC`] : []), `${col} ${dir}`, `e.created_at ${dir}`, `e.id ${dir}`].join(', ');
}

/** The ensembles with a member slot on a run (any role): byRun and list's memberRunId, on both backends. */
export const MEMBER_OF_RUN = (param: string) => `SELECT ensemble_id FROM ensemble_members WHERE run_id = ${param}`;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function createEnsembleStore(db: Db): Sync<EnsembleStore> {
  const insert = db.prepare(
    `INSERT INTO ensembles (id, name, dataset_id, method, status, config, created_at, owner_id)
     VALUES (@id, @name, @datasetId, @method, 'running', @config, @createdAt, @ownerId)`,
  );
  const get = db.prepare<[string], EnsembleRow>(`${SELECT} WHERE e.id = ?`);
  const members = db.prepare<[string], MemberRow>(
    `SELECT m.*, r.name AS run_name, r.status AS run_status, r.metrics AS run_metrics, r.param_count AS run_params
     FROM ensemble_members m LEFT JOIN runs r ON r.id = m.run_id WHERE m.ensemble_id = ? ORDER BY m.position`,
  );
  const putMember = db.prepare(
    `INSERT OR REPLACE INTO ensemble_members (ensemble_id, position, run_id, role, fold, stage, weight, feature_mask)
     VALUES (@ensembleId, @position, @runId, @role, @fold, @stage, @weight, @featureMask)`,
  );
  const setWeight = db.prepare('UPDATE ensemble_members SET weight = ? WHERE ensemble_id = ? AND position = ?');
  const owner = db.prepare<[string], { owner_id: string | null }>('SELECT owner_id FROM ensembles WHERE id = ?');
  const byRun = db.prepare<[string], { id: string; name: string }>(`SELECT e.id, e.name FROM ensembles e WHERE e.id IN (${MEMBER_OF_RUN('?')}) ORDER BY e.created_at`);
  const del = db.prepare('DELETE FROM ensembles WHERE id = ?');
  const updates = new Map<string, ReturnType<Db['prepare']>>();
  const lists = new Map<string, { count: ReturnType<Db['prepare']>; page: ReturnType<Db['prepare']> }>();

  const setStatus = db.transaction((id: string, status: EnsembleStatus, patch: EnsemblePatch = {}) => {
    const cols = statusColumns(status, patch);
    const names = Object.keys(cols).sort();
    // finished_at and duration_ms come from the clock and created_at, in SQL, so they agree.
    const finish = patch.finished ? `, finished_at = @__now, duration_ms = CAST(ROUND((julianday(@__now) - julianday(created_at)) * 86400000) AS INTEGER)` : '';
    const key = `${names.join(',')}|${finish ? 'f' : ''}`;
    let stmt = updates.get(key);
    if (!stmt) updates.set(key, (stmt = db.prepare(`UPDATE ensembles SET ${names.map((c) => `${c} = @${c}`).join(', ')}${finish} WHERE id = @__id`)));
    stmt.run({ ...cols, __id: id, ...(finish ? { __now: new Date().toISOString() } : {}) });
    for (const w of patch.weights ?? []) setWeight.run(w.weight, id, w.position);
  });

  function listQuery(q: EnsembleListQuery, search: string | undefined) {
    const where: string[] = [];
    if (q.status) where.push('e.status = @status');
    if (q.datasetId) where.push('e.dataset_id = @datasetId');
    if (q.memberRunId) where.push(`e.id IN (${MEMBER_OF_RUN('@memberRunId')})`);
    if (search) where.push(`(e.name LIKE @like ESCAPE '\\' OR e.id LIKE @like ESCAPE '\\' OR d.name LIKE @like ESCAPE '\\')`);
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const key = `${q.sort}|${q.order}|${where.join('&')}`;
    let stmts = lists.get(key);
    if (!stmts) {
      stmts = {
        count: db.prepare(`SELECT COUNT(*) AS n FROM ensembles e LEFT JOIN datasets d ON d.id = e.dataset_id ${whereSql}`),
        page: db.prepare(`${SELECT} ${whereSql} ORDER BY ${orderBy(q.sort, q.order)} LIMIT @limit OFFSET @offset`),
      };
      lists.set(key, stmts);
    }
    return stmts;
  }

  // Count and page in one read transaction, so total and items agree while a job writes.
  const list = db.transaction((q: EnsembleListQuery) => {
    const search = q.search?.trim() || undefined;
    const { count, page } = listQuery(q, search);
    const bind: Record<string, unknown> = {};
    if (q.status) bind.status = q.status;
    if (q.datasetId) bind.datasetId = q.datasetId;
    if (q.memberRunId) bind.memberRunId = q.memberRunId;
    if (search) bind.like = `%${escapeLike(search)}%`;
    const total = (count.get(bind) as { n: number } | undefined)?.n ?? 0;
    const items = (page.all({ ...bind, limit: q.limit, offset: q.offset }) as EnsembleRow[]).map(toRecord);
    return { total, items };
  });

  return {
    create(e) {
      insert.run({ ...e, config: JSON.stringify(e.config) });
    },
    get(id): EnsembleDetail | undefined {
      const r = get.get(id);
      if (!r) return undefined;
      return { ...toRecord(r), members: members.all(id).map(toMember), report: JSON.parse(r.report), combiner: r.combiner ? JSON.parse(r.combiner) : null };
    },
    list: (q) => list(q),
    putMember(ensembleId, m: StoredMember) {
      putMember.run({
        ensembleId, position: m.position, runId: m.runId, role: m.role, fold: m.fold, stage: m.stage, weight: m.weight,
        featureMask: m.featureMask ? JSON.stringify(m.featureMask) : null,
      });
    },
    setStatus: (id, status, patch) => setStatus(id, status, patch),
    owner(id) {
      const r = owner.get(id);
      return r ? r.owner_id : undefined;
    },
    byRun: (runId) => byRun.all(runId),
    delete(id) {
      del.run(id);
    },
  };
}

/** The ensembles columns a setStatus writes (absent patch fields are left out); shared with the PostgreSQL store. */
export function statusColumns(status: EnsembleStatus, patch: EnsemblePatch): Record<string, unknown> {
  const cols: Record<string, unknown> = { status };
  if (patch.error !== undefined) cols.error = patch.error;
  if (patch.ownerId !== undefined) cols.owner_id = patch.ownerId;
  if (patch.metrics !== undefined) Object.assign(cols, metricColumns(patch.metrics));
  if (patch.combiner !== undefined) cols.combiner = patch.combiner === null ? null : JSON.stringify(patch.combiner);
  if (patch.report !== undefined) cols.report = JSON.stringify(patch.report);
  if (patch.size !== undefined) cols.size = patch.size === null ? null : JSON.stringify(patch.size);
  if (patch.paramCount !== undefined) cols.param_count = patch.paramCount;
  if (patch.flops !== undefined) cols.flops = patch.flops;
  return cols;
}

/** The metrics JSON (NaN kept) and the val columns History sorts on. */
export function metricColumns(m: FinalMetrics) {
  return {
    metrics: metricsToJson(m),
    val_accuracy: finiteOrNull(m.val?.accuracy),
    val_f1: finiteOrNull(m.val?.f1),
    val_loss: finiteOrNull(m.val?.loss),
  };
}
