/**
 * Job owners (leases) and the orphan sweep on PostgreSQL. The sweep is one
 * transaction under an advisory lock: two processes sweeping at once take
 * turns, the second finds nothing left, and each counts what it changed.
 */
import { INTERRUPTED_EXPLANATION, INTERRUPTED_MESSAGE, type OwnerStore } from '../store.ts';
import { toStep, type StepRow } from '../sqlite/experiments.ts';
import { STEP_INTERRUPTED_ERROR, toOwner, TRIAL_INTERRUPTED_ERROR, type Raw } from '../sqlite/owners.ts';
import type { PgConnection } from './connection.ts';
import { putStep } from './experiments.ts';

const SWEEP_LOCK = 0x6d62_0003;
/** SQL for "not held by a registered owner" on a table aliased t. */
const ORPHANED = `(t.owner_id IS NULL OR NOT EXISTS (SELECT 1 FROM owners o WHERE o.id = t.owner_id))`;

export function createOwnerStore(pg: PgConnection): OwnerStore {
  return {
    async register(o) {
      await pg.query(
        `INSERT INTO owners (id, pid, host, label, started_ms, heartbeat_ms, lease_ms) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (id) DO UPDATE SET heartbeat_ms = excluded.heartbeat_ms, lease_ms = excluded.lease_ms`,
        [o.id, o.pid, o.host, o.label, o.startedMs, o.heartbeatMs, o.leaseMs],
      );
    },
    heartbeat: async (id, nowMs) => (await pg.auto.query('UPDATE owners SET heartbeat_ms = $1 WHERE id = $2', [nowMs, id])).rowCount === 1,
    async release(id) {
      await pg.query('DELETE FROM owners WHERE id = $1', [id]);
    },
    list: async () => (await pg.query<Raw>('SELECT * FROM owners ORDER BY started_ms')).map(toOwner),
    interruptOrphans: (gone, at) =>
      pg.tx(async (c) => {
        await c.query('SELECT pg_advisory_xact_lock($1)', [SWEEP_LOCK]);
        if (gone.length) await c.query('DELETE FROM owners WHERE id = ANY($1::text[])', [gone]);
        const steps = await c.query<StepRow>(
          `SELECT s.* FROM experiment_steps s JOIN experiments t ON t.id = s.experiment_id WHERE t.status = 'running' AND ${ORPHANED}`,
        );
        for (const row of steps.rows) {
          const step = toStep(row);
          if (step.status === 'running') await putStep(c, { ...step, status: 'interrupted', error: STEP_INTERRUPTED_ERROR, finishedAt: at });
        }
        const count = async (sql: string, values: unknown[] = []) => (await c.query(sql, values)).rowCount ?? 0;
        return {
          runs: await count(`UPDATE runs AS t SET status = 'interrupted', error = $1, finished_at = $2 WHERE t.status IN ('queued', 'running') AND ${ORPHANED}`, [INTERRUPTED_MESSAGE, at]),
          studies: await count(`UPDATE studies AS t SET status = 'interrupted' WHERE t.status = 'running' AND ${ORPHANED}`),
          experiments: await count(`UPDATE experiments AS t SET status = 'interrupted' WHERE t.status = 'running' AND ${ORPHANED}`),
          ensembles: await count(`UPDATE ensembles AS t SET status = 'interrupted' WHERE t.status = 'running' AND ${ORPHANED}`),
          explanations: await count(
            `UPDATE explanations AS t SET status = 'interrupted', error = $1, finished_at = $2 WHERE t.status = 'running' AND ${ORPHANED}`,
            [INTERRUPTED_EXPLANATION, at],
          ),
          // Ask/tell trials have no owner: an external program holds them, whatever happens to this one.
          trials: await count(
            `UPDATE trials AS t SET state = 'fail', error = $1, finished_at = $2
             WHERE t.state = 'running' AND t.owner_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM owners o WHERE o.id = t.owner_id)`,
            [TRIAL_INTERRUPTED_ERROR, at],
          ),
        };
      }, { retryAfterLostCommit: true }),
  };
}
