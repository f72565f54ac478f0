/**
 * Compression experiments: one row per experiment (experiments) and one per step
 * (experiment_steps), in the tables schema 1 created for them. Columns the
 * schema lacks (step status, label, FLOPs, gzip size, latency, sparsity, error,
 * finish time) live in the steps' JSON columns: nothing queries them, the UI
 * reads whole experiments, and no migration is needed.
 *
 * Steps are written when they start ('running') and again when they end, so a
 * crash leaves every finished step intact and the running one visibly unfinished;
 * the owners' sweep (owners.ts) turns both the experiment and that step
 * 'interrupted' once the owner is gone, and the experiment can resume from there.
 */
import type {
  ExperimentDetail,
  ExperimentKind,
  ExperimentRecord,
  ExperimentStatus,
  ExperimentStep,
} from '../../main/compression/types.ts';
import type { ExperimentStore } from '../store.ts';
import type { Db } from './database.ts';
import type { Sync } from './sync.ts';

export type ExperimentRow = {
  id: string; name: string; kind: string; base_run_id: string | null; status: string; config: string;
  created_at: string; finished_at: string | null; step_count: number;
};
export type StepRow = {
  experiment_id: string; step: number; kind: string; run_id: string | null; config: string; metrics: string;
  param_count: number | null; size_bytes: number | null; created_at: string;
};

/** What experiment_steps.metrics holds besides the val/test metrics. */
export type StepOutcome = Pick<ExperimentStep, 'status' | 'label' | 'metrics' | 'size' | 'sparsity' | 'accepted' | 'error' | 'finishedAt'>;
/** experiments.config: the request, plus the outcome fields the table has no column for. */
export type ExperimentConfig = { request: Record<string, unknown>; error?: string | null; bestStep?: number | null };

export function toStep(r: StepRow): ExperimentStep {
  const outcome = JSON.parse(r.metrics) as Partial<StepOutcome>;
  return {
    experimentId: r.experiment_id,
    step: r.step,
    kind: r.kind,
    label: outcome.label ?? r.kind,
    status: outcome.status ?? 'completed',
    runId: r.run_id,
    config: JSON.parse(r.config),
    metrics: outcome.metrics ?? {},
    size: outcome.size ?? null,
    sparsity: outcome.sparsity ?? null,
    ...(outcome.accepted !== undefined ? { accepted: outcome.accepted } : {}),
    error: outcome.error ?? null,
    createdAt: r.created_at,
    finishedAt: outcome.finishedAt ?? null,
  };
}

export function toRecord(r: ExperimentRow): ExperimentRecord {
  const config = JSON.parse(r.config) as ExperimentConfig;
  return {
    id: r.id,
    name: r.name,
    kind: r.kind as ExperimentKind,
    baseRunId: r.base_run_id,
    status: r.status as ExperimentStatus,
    config: config.request ?? {},
    error: config.error ?? null,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
    stepCount: r.step_count,
    bestStep: config.bestStep ?? null,
  };
}

export function createExperimentStore(db: Db): Sync<ExperimentStore> {
  const SELECT = `SELECT e.*, (SELECT COUNT(*) FROM experiment_steps s WHERE s.experiment_id = e.id) AS step_count FROM experiments e`;
  const insert = db.prepare(
    `INSERT INTO experiments (id, name, kind, base_run_id, status, config, created_at, owner_id) VALUES (?, ?, ?, ?, 'running', ?, ?, ?)`,
  );
  const get = db.prepare<[string], ExperimentRow>(`${SELECT} WHERE e.id = ?`);
  const list = db.prepare<[], ExperimentRow>(`${SELECT} ORDER BY e.created_at DESC, e.id DESC`);
  const steps = db.prepare<[string], StepRow>('SELECT * FROM experiment_steps WHERE experiment_id = ? ORDER BY step');
  const configOf = db.prepare<[string], { config: string }>('SELECT config FROM experiments WHERE id = ?');
  const setStatus = db.prepare('UPDATE experiments SET status = ?, config = ?, finished_at = ?, owner_id = COALESCE(?, owner_id) WHERE id = ?');
  const owner = db.prepare<[string], { owner_id: string | null }>('SELECT owner_id FROM experiments WHERE id = ?');
  const putStep = db.prepare(
    `INSERT OR REPLACE INTO experiment_steps (experiment_id, step, kind, run_id, config, metrics, param_count, size_bytes, created_at)
     VALUES (@experiment_id, @step, @kind, @run_id, @config, @metrics, @param_count, @size_bytes, @created_at)`,
  );
  const del = db.prepare('DELETE FROM experiments WHERE id = ?');

  const put = (s: ExperimentStep) => putStep.run(stepParams(s));

  return {
    create(e) {
      insert.run(e.id, e.name, e.kind, e.baseRunId, JSON.stringify({ request: e.config } satisfies ExperimentConfig), e.createdAt, e.ownerId);
    },
    get(id) {
      const r = get.get(id);
      return r ? { ...toRecord(r), steps: steps.all(id).map(toStep) } : undefined;
    },
    list: () => list.all().map(toRecord),
    setStatus: db.transaction((id: string, status: ExperimentStatus, extra: { error?: string | null; bestStep?: number | null; finished?: boolean | string; ownerId?: string | null } = {}) => {
      const row = configOf.get(id);
      if (!row) return;
      const config = JSON.parse(row.config) as ExperimentConfig;
      if (extra.error !== undefined) config.error = extra.error;
      if (extra.bestStep !== undefined) config.bestStep = extra.bestStep;
      setStatus.run(status, JSON.stringify(config), finishedAt(extra.finished), extra.ownerId ?? null, id);
    }),
    putStep: (s) => void put(s),
    owner: (id) => {
      const r = owner.get(id);
      return r ? r.owner_id : undefined;
    },
    delete(id) {
      del.run(id);
    },
  };
}

/** The experiment_steps row of a step (its outcome goes in the metrics JSON column). */
export function stepParams(s: ExperimentStep): Record<string, unknown> {
  const outcome: StepOutcome = {
    status: s.status, label: s.label, metrics: s.metrics, size: s.size, sparsity: s.sparsity,
    ...(s.accepted !== undefined ? { accepted: s.accepted } : {}), error: s.error, finishedAt: s.finishedAt,
  };
  return {
    experiment_id: s.experimentId,
    step: s.step,
    kind: s.kind,
    run_id: s.runId,
    config: JSON.stringify(s.config),
    metrics: JSON.stringify(outcome),
    param_count: s.size?.paramCount ?? null,
    size_bytes: s.size?.bytes ?? null,
    created_at: s.createdAt,
  };
}

/** The finish time a setStatus stores: now, a given timestamp, or none. */
export const finishedAt = (finished: boolean | string | undefined): string | null =>
  typeof finished === 'string' ? finished : finished ? new Date().toISOString() : null;
