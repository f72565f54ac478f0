/**
 * Study rows (the studies table); trials live in trials.ts. JSON columns hold
 * the parts the engine reads whole (config, objectives, sampler, pruner, space).
 */
import type { StudyPatch, StudyRow, StudyRowStore } from '../store.ts';
import type { Db } from './database.ts';
import type { Sync } from './sync.ts';

export type Raw = {
  id: string; name: string; dataset_id: string | null; status: string; directions: string; objectives: string;
  sampler: string | null; pruner: string | null; search_space: string; config: string; seed: number;
  owner_id: string | null; created_at: string; finished_at: string | null;
};

const parse = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

export function toRow(r: Raw): StudyRow {
  return {
    id: r.id, name: r.name, datasetId: r.dataset_id, status: r.status,
    directions: JSON.parse(r.directions), objectives: parse(r.objectives), sampler: parse(r.sampler),
    pruner: parse(r.pruner), space: parse(r.search_space), config: parse(r.config), seed: r.seed,
    ownerId: r.owner_id, createdAt: r.created_at, finishedAt: r.finished_at,
  };
}

/** StudyPatch field → column; JSON fields are stringified. */
export const PATCH_COLUMNS: Record<keyof StudyPatch, [string, boolean]> = {
  name: ['name', false], status: ['status', false], sampler: ['sampler', true], pruner: ['pruner', true],
  space: ['search_space', true], config: ['config', true], finishedAt: ['finished_at', false], ownerId: ['owner_id', false],
};

export function createStudyRowStore(db: Db): Sync<StudyRowStore> {
  const insert = db.prepare(
    `INSERT INTO studies (id, name, dataset_id, status, directions, objectives, sampler, pruner, search_space, config, seed, owner_id, created_at, finished_at)
     VALUES (@id, @name, @dataset_id, @status, @directions, @objectives, @sampler, @pruner, @search_space, @config, @seed, @owner_id, @created_at, @finished_at)`,
  );
  const get = db.prepare<[string], Raw>('SELECT * FROM studies WHERE id = ?');
  const del = db.prepare('DELETE FROM studies WHERE id = ?');
  // Taken unless a registered owner other than the claimant holds it running.
  const claim = db.prepare<{ id: string; owner: string }>(
    `UPDATE studies SET status = 'running', owner_id = @owner, finished_at = NULL
     WHERE id = @id AND NOT (status = 'running' AND owner_id IS NOT NULL AND owner_id <> @owner
                             AND owner_id IN (SELECT id FROM owners))`,
  );
  // One count and one page statement per filter shape (search, status), prepared once.
  const lists = new Map<string, { page: ReturnType<Db['prepare']>; count: ReturnType<Db['prepare']> }>();
  const listStatements = (search: boolean, status: boolean) => {
    const key = `${search}|${status}`;
    let s = lists.get(key);
    if (!s) {
      const where = [...(search ? ['(instr(lower(name), @q) > 0 OR instr(lower(id), @q) > 0)'] : []), ...(status ? ['status = @status'] : [])];
      const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
      s = {
        page: db.prepare(`SELECT * FROM studies ${whereSql} ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset`),
        count: db.prepare(`SELECT COUNT(*) AS n FROM studies ${whereSql}`),
      };
      lists.set(key, s);
    }
    return s;
  };
  const updates = new Map<string, ReturnType<Db['prepare']>>();

  return {
    insert(row) {
      insert.run({
        id: row.id, name: row.name, dataset_id: row.datasetId, status: row.status, directions: JSON.stringify(row.directions),
        objectives: JSON.stringify(row.objectives), sampler: JSON.stringify(row.sampler), pruner: JSON.stringify(row.pruner),
        search_space: JSON.stringify(row.space), config: JSON.stringify(row.config), seed: row.seed, owner_id: row.ownerId,
        created_at: row.createdAt, finished_at: row.finishedAt,
      });
    },
    get(id) {
      const r = get.get(id);
      return r ? toRow(r) : undefined;
    },
    list({ offset, limit, search, status }) {
      const q = search?.trim().toLowerCase();
      const { page, count } = listStatements(Boolean(q), status !== undefined);
      const bind = { ...(q ? { q } : {}), ...(status !== undefined ? { status } : {}) };
      return { total: (count.get(bind) as { n: number }).n, items: (page.all({ ...bind, limit, offset }) as Raw[]).map(toRow) };
    },
    update(id, patch) {
      const cols: Record<string, unknown> = {};
      for (const [field, [col, json]] of Object.entries(PATCH_COLUMNS)) {
        const v = (patch as Record<string, unknown>)[field];
        if (v !== undefined) cols[col] = json ? JSON.stringify(v) : v;
      }
      const names = Object.keys(cols).sort();
      if (!names.length) return;
      const key = names.join(',');
      let stmt = updates.get(key);
      if (!stmt) {
        stmt = db.prepare(`UPDATE studies SET ${names.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @__id`);
        updates.set(key, stmt);
      }
      stmt.run({ ...cols, __id: id });
    },
    claim: (id, owner) => claim.run({ id, owner }).changes === 1,
    delete(id) {
      del.run(id);
    },
  };
}

