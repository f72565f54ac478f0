/**
 * Job owners (leases) and the orphan sweep. The sweep is one immediate
 * transaction: a second process sweeping at the same moment waits for the
 * write lock and then finds nothing left to do, and no process can register a
 * job between the removal of a dead owner and the marking of its jobs.
 */
import { INTERRUPTED_EXPLANATION, INTERRUPTED_MESSAGE, INTERRUPTED_TRIAL_PREFIX, type Owner, type OwnerStore } from '../store.ts';
import type { Db } from './database.ts';
import { stepParams, toStep, type StepRow } from './experiments.ts';
import type { Sync } from './sync.ts';

export type Raw = { id: string; pid: number; host: string; label: string; started_ms: number; heartbeat_ms: number; lease_ms: number };

export const toOwner = (r: Raw): Owner => ({
  id: r.id, pid: r.pid, host: r.host, label: r.label, startedMs: r.started_ms, heartbeatMs: r.heartbeat_ms, leaseMs: r.lease_ms,
});

/** SQL for "not held by a registered owner" on a table aliased t. */
const ORPHANED = `(t.owner_id IS NULL OR t.owner_id NOT IN (SELECT id FROM owners))`;

export const TRIAL_INTERRUPTED_ERROR = `${INTERRUPTED_TRIAL_PREFIX}the process running the study stopped (its params run again when the study resumes)`;
export const STEP_INTERRUPTED_ERROR = 'The process stopped during this step.';

export function createOwnerStore(db: Db): Sync<OwnerStore> {
  const upsert = db.prepare(
    `INSERT INTO owners (id, pid, host, label, started_ms, heartbeat_ms, lease_ms)
     VALUES (@id, @pid, @host, @label, @startedMs, @heartbeatMs, @leaseMs)
     ON CONFLICT (id) DO UPDATE SET heartbeat_ms = excluded.heartbeat_ms, lease_ms = excluded.lease_ms`,
  );
  const beat = db.prepare('UPDATE owners SET heartbeat_ms = ? WHERE id = ?');
  const del = db.prepare('DELETE FROM owners WHERE id = ?');
  const all = db.prepare<[], Raw>('SELECT * FROM owners ORDER BY started_ms');

  const runs = db.prepare(
    `UPDATE runs AS t SET status = 'interrupted', error = @error, finished_at = @at
     WHERE t.status IN ('queued', 'running') AND ${ORPHANED}`,
  );
  const studies = db.prepare(`UPDATE studies AS t SET status = 'interrupted' WHERE t.status = 'running' AND ${ORPHANED}`);
  // Ask/tell trials have no owner: an external program holds them, whatever happens to this one.
  const trials = db.prepare(
    `UPDATE trials AS t SET state = 'fail', error = @error, finished_at = @at
     WHERE t.state = 'running' AND t.owner_id IS NOT NULL AND t.owner_id NOT IN (SELECT id FROM owners)`,
  );
  const orphanSteps = db.prepare<[], StepRow>(
    `SELECT s.* FROM experiment_steps s JOIN experiments t ON t.id = s.experiment_id WHERE t.status = 'running' AND ${ORPHANED}`,
  );
  const putStep = db.prepare(
    `INSERT OR REPLACE INTO experiment_steps (experiment_id, step, kind, run_id, config, metrics, param_count, size_bytes, created_at)
     VALUES (@experiment_id, @step, @kind, @run_id, @config, @metrics, @param_count, @size_bytes, @created_at)`,
  );
  const experiments = db.prepare(`UPDATE experiments AS t SET status = 'interrupted' WHERE t.status = 'running' AND ${ORPHANED}`);
  // Member slots are left as they are: finished members keep their runs, and a running member's run is swept above.
  const ensembles = db.prepare(`UPDATE ensembles AS t SET status = 'interrupted' WHERE t.status = 'running' AND ${ORPHANED}`);
  const explanations = db.prepare(
    `UPDATE explanations AS t SET status = 'interrupted', error = @error, finished_at = @at WHERE t.status = 'running' AND ${ORPHANED}`,
  );

  const sweep = db.transaction((gone: readonly string[], at: string) => {
    for (const id of gone) del.run(id);
    for (const row of orphanSteps.all()) {
      const step = toStep(row);
      if (step.status === 'running') putStep.run(stepParams({ ...step, status: 'interrupted', error: STEP_INTERRUPTED_ERROR, finishedAt: at }));
    }
    return {
      runs: runs.run({ error: INTERRUPTED_MESSAGE, at }).changes,
      studies: studies.run().changes,
      experiments: experiments.run().changes,
      ensembles: ensembles.run().changes,
      explanations: explanations.run({ error: INTERRUPTED_EXPLANATION, at }).changes,
      trials: trials.run({ error: TRIAL_INTERRUPTED_ERROR, at }).changes,
    };
  });

  return {
    register: (owner) => void upsert.run(owner),
    heartbeat: (id, nowMs) => beat.run(nowMs, id).changes === 1,
    release: (id) => void del.run(id),
    list: () => all.all().map(toOwner),
    interruptOrphans: (gone, at) => sweep.immediate(gone, at),
  };
}
