/** A runs row (joined with its dataset name) and its mapping to and from RunRecord. */
import type { FinalMetrics, RunRecord } from '../../main/api/schemas.ts';

export type RunRow = {
  owner_id?: string | null;
  /** JSON text (schema 9); NULL when never recorded. */
  adapter?: string | null; backends_tried?: string | null;
  seq: number; id: string; name: string; dataset_id: string; dataset_name: string | null; status: string;
  config: string; seed: number; backend: string | null; versions: string; param_count: number; flops: number;
  created_at: string; started_at: string | null; finished_at: string | null; duration_ms: number | null;
  epochs_done: number; error: string | null; metrics: string; notes: string; tags: string;
};

// JSON cannot hold NaN/Infinity, yet a diverged run's loss is exactly that; keep
// them as strings inside the metrics JSON and turn them back into numbers on read.
export function metricsToJson(m: FinalMetrics): string {
  return JSON.stringify(m ?? {}, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
}
export function metricsFromJson(s: string): FinalMetrics {
  return JSON.parse(s, (_k, v) => (v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v));
}
const finiteOrNull = (v: number | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The denormalised columns the run table sorts on, derived from metrics. */
export function metricColumns(m: FinalMetrics) {
  return {
    metrics: metricsToJson(m),
    val_accuracy: finiteOrNull(m?.val?.accuracy),
    val_f1: finiteOrNull(m?.val?.f1),
    val_loss: finiteOrNull(m?.val?.loss),
    val_r2: finiteOrNull(m?.val?.r2),
    val_mse: finiteOrNull(m?.val?.mse),
    test_accuracy: finiteOrNull(m?.test?.accuracy),
  };
}

export function toRecord(r: RunRow): RunRecord {
  return {
    id: r.id,
    name: r.name,
    datasetId: r.dataset_id,
    datasetName: r.dataset_name ?? '',
    status: r.status as RunRecord['status'],
    config: JSON.parse(r.config),
    backend: r.backend,
    versions: JSON.parse(r.versions),
    seed: r.seed,
    paramCount: r.param_count,
    flops: r.flops,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    durationMs: r.duration_ms,
    epochsDone: r.epochs_done,
    error: r.error,
    metrics: metricsFromJson(r.metrics),
    notes: r.notes,
    tags: JSON.parse(r.tags),
    ownerId: r.owner_id ?? null,
    // NULL (never recorded: runs stored before schema 9, or not started yet) reads as absent;
    // the JSON 'null' of a backend without a GPU reads as null.
    ...(r.adapter != null ? { adapter: JSON.parse(r.adapter) } : {}),
    ...(r.backends_tried != null ? { backendsTried: JSON.parse(r.backends_tried) } : {}),
  };
}

