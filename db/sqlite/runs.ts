/** Run rows: one RunRecord each, JSON for nested fields, plus sortable copies of key metrics. */
import type { RunRecord } from '../../main/api/schemas.ts';
import type { NewRun, RunStore } from '../store.ts';
import type { Db } from './database.ts';
import { buildListQuery, listQueryKey, type ListQuery } from './run-list.ts';
import { metricColumns, toRecord, type RunRow } from './run-row.ts';
import type { Sync } from './sync.ts';

/** RunRecord field → column value(s). Fields not listed (id, datasetName) are never written by update. */
const FIELD_COLUMNS: { [K in keyof RunRecord]?: (v: RunRecord[K]) => Record<string, unknown> } = {
  name: (v) => ({ name: v }),
  datasetId: (v) => ({ dataset_id: v }),
  status: (v) => ({ status: v }),
  config: (v) => ({ config: JSON.stringify(v) }),
  backend: (v) => ({ backend: v }),
  // JSON text; a null adapter is stored as the JSON 'null', so it reads back null rather than absent.
  adapter: (v) => ({ adapter: JSON.stringify(v) }),
  backendsTried: (v) => ({ backends_tried: JSON.stringify(v) }),
  versions: (v) => ({ versions: JSON.stringify(v ?? {}) }),
  seed: (v) => ({ seed: v }),
  paramCount: (v) => ({ param_count: v }),
  flops: (v) => ({ flops: v }),
  createdAt: (v) => ({ created_at: v }),
  startedAt: (v) => ({ started_at: v }),
  finishedAt: (v) => ({ finished_at: v }),
  durationMs: (v) => ({ duration_ms: v }),
  epochsDone: (v) => ({ epochs_done: v }),
  error: (v) => ({ error: v }),
  metrics: (v) => metricColumns(v),
  notes: (v) => ({ notes: v }),
  tags: (v) => ({ tags: JSON.stringify(v ?? []) }),
};

export function columnsOf(patch: Partial<RunRecord>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, map] of Object.entries(FIELD_COLUMNS)) {
    const v = (patch as Record<string, unknown>)[field];
    if (v !== undefined) Object.assign(out, (map as (x: unknown) => Record<string, unknown>)(v));
  }
  return out;
}

/** The columns a new run's row fills: every column of runs but seq (the insertion order, assigned by the database). */
export const INSERT_COLUMNS = [
  'id', 'name', 'dataset_id', 'status', 'config', 'seed', 'backend', 'versions', 'param_count', 'flops', 'created_at',
  'started_at', 'finished_at', 'duration_ms', 'epochs_done', 'error', 'metrics', 'notes', 'tags', 'artifact_dir',
  'val_accuracy', 'val_f1', 'val_loss', 'val_r2', 'val_mse', 'test_accuracy', 'parent_run_id', 'relation', 'owner_id', 'adapter', 'backends_tried',
] as const;

/** A new run's row, a value for each of INSERT_COLUMNS: what both stores insert. */
export function insertColumns({ record: run, artifactDir, ownerId, lineage }: NewRun): Record<string, unknown> {
  return {
    // Never recorded (undefined) is NULL; columnsOf writes the rest.
    adapter: null,
    backends_tried: null,
    ...columnsOf(run),
    id: run.id,
    // columnsOf skips undefined; the row needs every column.
    backend: run.backend ?? null,
    started_at: run.startedAt ?? null,
    finished_at: run.finishedAt ?? null,
    duration_ms: run.durationMs ?? null,
    error: run.error ?? null,
    ...metricColumns(run.metrics ?? {}),
    versions: JSON.stringify(run.versions ?? {}),
    notes: run.notes ?? '',
    tags: JSON.stringify(run.tags ?? []),
    epochs_done: run.epochsDone ?? 0,
    param_count: run.paramCount ?? 0,
    flops: run.flops ?? 0,
    artifact_dir: artifactDir,
    parent_run_id: lineage?.parentRunId ?? null,
    relation: lineage?.relation ?? null,
    owner_id: ownerId,
  };
}

export function createRunStore(db: Db): Sync<RunStore> {
  const SELECT = `SELECT r.*, d.name AS dataset_name FROM runs r LEFT JOIN datasets d ON d.id = r.dataset_id`;
  const get = db.prepare<[string], RunRow>(`${SELECT} WHERE r.id = ?`);
  const artifactDir = db.prepare<[string], { artifact_dir: string }>('SELECT artifact_dir FROM runs WHERE id = ?');
  const lineage = db.prepare<[string], { parent_run_id: string | null; relation: string | null }>(
    'SELECT parent_run_id, relation FROM runs WHERE id = ?',
  );
  const owner = db.prepare<[string], { owner_id: string | null }>('SELECT owner_id FROM runs WHERE id = ?');
  const del = db.prepare('DELETE FROM runs WHERE id = ?');
  const clearTags = db.prepare('DELETE FROM tags WHERE run_id = ?');
  const addTag = db.prepare('INSERT OR IGNORE INTO tags (run_id, tag) VALUES (?, ?)');
  const insertStmt = db.prepare(
    `INSERT INTO runs (${INSERT_COLUMNS.join(', ')}) VALUES (${INSERT_COLUMNS.map((c) => `@${c}`).join(', ')})`,
  );
  // One UPDATE per distinct set of patched columns, prepared once.
  const updates = new Map<string, ReturnType<Db['prepare']>>();
  const lists = new Map<string, ListQuery>();

  const syncTags = (id: string, tags: string[]) => {
    clearTags.run(id);
    for (const t of tags) addTag.run(id, t);
  };

  const insert = db.transaction((run: NewRun) => {
    insertStmt.run(insertColumns(run));
    syncTags(run.record.id, run.record.tags ?? []);
  });

  const update = db.transaction((id: string, patch: Partial<RunRecord>) => {
    const cols = columnsOf(patch);
    const names = Object.keys(cols).sort();
    if (names.length === 0) return;
    const key = names.join(',');
    let stmt = updates.get(key);
    if (!stmt) {
      stmt = db.prepare(`UPDATE runs SET ${names.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @__id`);
      updates.set(key, stmt);
    }
    const changed = stmt.run({ ...cols, __id: id }).changes;
    if (changed && patch.tags) syncTags(id, patch.tags);
  });

  return {
    insert: (run) => insert(run),
    update: (id, patch) => update(id, patch),
    get(id) {
      const r = get.get(id);
      return r ? toRecord(r) : undefined;
    },
    getMany(ids) {
      const out: RunRecord[] = [];
      for (const id of ids) {
        const r = get.get(id);
        if (r) out.push(toRecord(r));
      }
      return out;
    },
    artifactDir: (id) => artifactDir.get(id)?.artifact_dir,
    owner: (id) => {
      const r = owner.get(id);
      return r ? r.owner_id : undefined;
    },
    lineage(id) {
      const r = lineage.get(id);
      return r?.parent_run_id ? { parentRunId: r.parent_run_id, relation: r.relation ?? '' } : undefined;
    },
    list(q) {
      const search = q.search?.trim() || undefined;
      const key = listQueryKey(q, search);
      let query = lists.get(key);
      if (!query) {
        query = buildListQuery(db, q, search);
        lists.set(key, query);
      }
      return query.run(q, search);
    },
    delete(id) {
      del.run(id);
    },
  };
}
