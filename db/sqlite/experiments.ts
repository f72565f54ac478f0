/**
 * Compression experiments: one row per experiment (experiments) and one per step
 * (experiment_steps), in the tables schema 1 created for them. Columns the
 * schema lacks (step status, label, FLOPs, gzip size, latency, sparsity, error,
 * finish time) live in the steps' JSON columns: nothing queries them, the UI
 * reads whole experiments, and no migration is needed.
 *
 * Steps are written when they start ('running') and again when they end, so a
 * crash leaves every finished step intact and the running one visibly unfinished;
 * markInterrupted() turns both the experiment and that step 'interrupted' at the
 * next start, and the experiment can resume from there.
 */
import type {
  ExperimentDetail,
  ExperimentKind,
  ExperimentRecord,
  ExperimentStatus,
  ExperimentStep,
} from '../main/compression/types.ts';
import type { Db } from './database.ts';

type ExperimentRow = {
  id: string; name: string; kind: string; base_run_id: string | null; status: string; config: string;
  created_at: string; finished_at: string | null; step_count: number;
};
type StepRow = {
  experiment_id: string; step: number; kind: string; run_id: string | null; config: string; metrics: string;
  param_count: number | null; size_bytes: number | null; created_at: string;
};

/** What experiment_steps.metrics holds besides the val/test metrics. */
type StepOutcome = Pick<ExperimentStep, 'status' | 'label' | 'metrics' | 'size' | 'sparsity' | 'accepted' | 'error' | 'finishedAt'>;
/** experiments.config: the request, plus the outcome fields the table has no column for. */
type ExperimentConfig = { request: Record<string, unknown>; error?: string | null; bestStep?: number | null };

export type NewExperiment = { id: string; name: string; kind: ExperimentKind; baseRunId: string | null; config: Record<string, unknown>; createdAt: string };

export interface ExperimentStore {
  create(e: NewExperiment): void;
  get(id: string): ExperimentDetail | undefined;
  /** Newest first, without steps. */
  list(): ExperimentRecord[];
  setStatus(id: string, status: ExperimentStatus, extra?: { error?: string | null; bestStep?: number | null; finished?: boolean }): void;
  /** Inserts or replaces one step. */
  putStep(step: ExperimentStep): void;
  /** 'running' experiments and steps (the process died) become 'interrupted'; returns how many experiments. */
  markInterrupted(): number;
  delete(id: string): void;
}

function toStep(r: StepRow): ExperimentStep {
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

function toRecord(r: ExperimentRow): ExperimentRecord {
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

export function createExperimentStore(db: Db): ExperimentStore {
  const SELECT = `SELECT e.*, (SELECT COUNT(*) FROM experiment_steps s WHERE s.experiment_id = e.id) AS step_count FROM experiments e`;
  const insert = db.prepare(
    `INSERT INTO experiments (id, name, kind, base_run_id, status, config, created_at) VALUES (?, ?, ?, ?, 'running', ?, ?)`,
  );
  const get = db.prepare<[string], ExperimentRow>(`${SELECT} WHERE e.id = ?`);
  const list = db.prepare<[], ExperimentRow>(`${SELECT} ORDER BY e.created_at DESC, e.id DESC`);
  const steps = db.prepare<[string], StepRow>('SELECT * FROM experiment_steps WHERE experiment_id = ? ORDER BY step');
  const configOf = db.prepare<[string], { config: string }>('SELECT config FROM experiments WHERE id = ?');
  const setStatus = db.prepare('UPDATE experiments SET status = ?, config = ?, finished_at = ? WHERE id = ?');
  const putStep = db.prepare(
    `INSERT OR REPLACE INTO experiment_steps (experiment_id, step, kind, run_id, config, metrics, param_count, size_bytes, created_at)
     VALUES (@experiment_id, @step, @kind, @run_id, @config, @metrics, @param_count, @size_bytes, @created_at)`,
  );
  const running = db.prepare<[], StepRow>(`SELECT s.* FROM experiment_steps s JOIN experiments e ON e.id = s.experiment_id WHERE e.status = 'running'`);
  const interrupt = db.prepare(`UPDATE experiments SET status = 'interrupted' WHERE status = 'running'`);
  const del = db.prepare('DELETE FROM experiments WHERE id = ?');

  const put = (s: ExperimentStep) => {
    const outcome: StepOutcome = {
      status: s.status, label: s.label, metrics: s.metrics, size: s.size, sparsity: s.sparsity,
      ...(s.accepted !== undefined ? { accepted: s.accepted } : {}), error: s.error, finishedAt: s.finishedAt,
    };
    putStep.run({
      experiment_id: s.experimentId,
      step: s.step,
      kind: s.kind,
      run_id: s.runId,
      config: JSON.stringify(s.config),
      metrics: JSON.stringify(outcome),
      param_count: s.size?.paramCount ?? null,
      size_bytes: s.size?.bytes ?? null,
      created_at: s.createdAt,
    });
  };

  return {
    create(e) {
      insert.run(e.id, e.name, e.kind, e.baseRunId, JSON.stringify({ request: e.config } satisfies ExperimentConfig), e.createdAt);
    },
    get(id) {
      const r = get.get(id);
      return r ? { ...toRecord(r), steps: steps.all(id).map(toStep) } : undefined;
    },
    list: () => list.all().map(toRecord),
    setStatus: db.transaction((id: string, status: ExperimentStatus, extra: { error?: string | null; bestStep?: number | null; finished?: boolean } = {}) => {
      const row = configOf.get(id);
      if (!row) return;
      const config = JSON.parse(row.config) as ExperimentConfig;
      if (extra.error !== undefined) config.error = extra.error;
      if (extra.bestStep !== undefined) config.bestStep = extra.bestStep;
      setStatus.run(status, JSON.stringify(config), extra.finished ? new Date().toISOString() : null, id);
    }),
    putStep: (s) => put(s),
    markInterrupted: db.transaction(() => {
      for (const row of running.all()) {
        const s = toStep(row);
        if (s.status === 'running') put({ ...s, status: 'interrupted', error: 'The process stopped during this step.' });
      }
      return interrupt.run().changes;
    }),
    delete(id) {
      del.run(id);
    },
  };
}
