/** Compression experiments and their steps on PostgreSQL, mapped as on SQLite (db/sqlite/experiments.ts). */
import type { ExperimentStep } from '../../main/compression/types.ts';
import { finishedAt, stepParams, toRecord, toStep, type ExperimentConfig, type ExperimentRow, type StepRow } from '../sqlite/experiments.ts';
import type { ExperimentStore } from '../store.ts';
import type { PgConnection, Queryable } from './connection.ts';

const SELECT = `SELECT e.*, (SELECT COUNT(*) FROM experiment_steps s WHERE s.experiment_id = e.id) AS step_count FROM experiments e`;
const STEP_COLUMNS = ['experiment_id', 'step', 'kind', 'run_id', 'config', 'metrics', 'param_count', 'size_bytes', 'created_at'];

/** Inserts or replaces one step (used by the owners' sweep too). */
export async function putStep(c: Queryable, s: ExperimentStep): Promise<void> {
  const p = stepParams(s);
  await c.query(
    `INSERT INTO experiment_steps (${STEP_COLUMNS.join(', ')}) VALUES (${STEP_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})
     ON CONFLICT (experiment_id, step) DO UPDATE SET ${STEP_COLUMNS.slice(2).map((col) => `${col} = excluded.${col}`).join(', ')}`,
    STEP_COLUMNS.map((col) => p[col]),
  );
}

export function createExperimentStore(pg: PgConnection): ExperimentStore {
  return {
    async create(e) {
      await pg.query(
        `INSERT INTO experiments (id, name, kind, base_run_id, status, config, created_at, owner_id) VALUES ($1, $2, $3, $4, 'running', $5, $6, $7)`,
        [e.id, e.name, e.kind, e.baseRunId, JSON.stringify({ request: e.config } satisfies ExperimentConfig), e.createdAt, e.ownerId],
      );
    },
    get: (id) =>
      pg.tx(async (c) => {
        const [r] = (await c.query<ExperimentRow>(`${SELECT} WHERE e.id = $1`, [id])).rows;
        if (!r) return undefined;
        const steps = await c.query<StepRow>('SELECT * FROM experiment_steps WHERE experiment_id = $1 ORDER BY step', [id]);
        return { ...toRecord(r), steps: steps.rows.map(toStep) };
      }, { retryAfterLostCommit: true }),
    list: async () => (await pg.query<ExperimentRow>(`${SELECT} ORDER BY e.created_at DESC, e.id DESC`)).map(toRecord),
    setStatus: (id, status, extra = {}) =>
      pg.tx(async (c) => {
        const [row] = (await c.query<{ config: string }>('SELECT config FROM experiments WHERE id = $1 FOR UPDATE', [id])).rows;
        if (!row) return;
        const config = JSON.parse(row.config) as ExperimentConfig;
        if (extra.error !== undefined) config.error = extra.error;
        if (extra.bestStep !== undefined) config.bestStep = extra.bestStep;
        await c.query('UPDATE experiments SET status = $1, config = $2, finished_at = $3, owner_id = COALESCE($4, owner_id) WHERE id = $5', [
          status, JSON.stringify(config), finishedAt(extra.finished), extra.ownerId ?? null, id,
        ]);
      }, { retryAfterLostCommit: true }),
    putStep: async (s) => putStep(pg.auto, s),
    async owner(id) {
      const [r] = await pg.query<{ owner_id: string | null }>('SELECT owner_id FROM experiments WHERE id = $1', [id]);
      return r ? r.owner_id : undefined;
    },
    async delete(id) {
      await pg.query('DELETE FROM experiments WHERE id = $1', [id]);
    },
  };
}
