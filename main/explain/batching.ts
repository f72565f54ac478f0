/**
 * Batched evaluation of a model: the methods build many input rows (coalitions
 * × background rows, integration points, occluded images) and evaluate them in
 * a few large calls, because each model call has a fixed overhead that dwarfs a
 * single row's arithmetic (shap's KernelExplainer cost trap). Cancel and
 * progress are checked between calls.
 */
import { ApiError } from '../api/errors.ts';
import { MAX_BATCH_ROWS, MAX_BATCH_VALUES } from '../limits.ts';
import type { DifferentiableModel, ModelFn, RunControl } from './types.ts';

/** Rows per call for rows of `features` values. */
export function batchRows(features: number): number {
  return Math.max(1, Math.min(MAX_BATCH_ROWS, Math.floor(MAX_BATCH_VALUES / Math.max(1, features))));
}

/** Throws the signal's reason (an AbortError unless the caller gave another) once cancelled. */
export function checkAborted(control: RunControl | undefined): void {
  control?.signal?.throwIfAborted();
}

/**
 * Tracks model rows evaluated against a known total, for RunControl.onProgress.
 * One per attribute() call; every batch reports through it.
 */
export type Progress = { total: number; done: number; control?: RunControl };
export const startProgress = (total: number, control?: RunControl): Progress => ({ total, done: 0, control });

/** Model outputs for n rows (n × outputs), in calls of at most batchRows(features) rows. */
export async function predictAll(model: ModelFn, x: Float32Array, n: number, progress?: Progress): Promise<Float32Array> {
  const F = model.features;
  if (x.length !== n * F) throw new ApiError('invalid_argument', `expected ${n} rows of ${F} values (${n * F}), got ${x.length} values`);
  const out = new Float32Array(n * model.outputs);
  const step = batchRows(F);
  for (let start = 0; start < n; start += step) {
    checkAborted(progress?.control);
    const count = Math.min(step, n - start);
    const y = await model.predict(x.subarray(start * F, (start + count) * F), count);
    if (y.length !== count * model.outputs) {
      throw new ApiError('internal', `the model returned ${y.length} values for ${count} rows of ${model.outputs} outputs`);
    }
    out.set(y, start * model.outputs);
    if (progress) {
      progress.done += count;
      progress.control?.onProgress?.(progress.done, progress.total);
    }
  }
  return out;
}

/**
 * Generates input rows in chunks (fill writes `count` rows starting at row
 * `start` into `buffer`), evaluates them and hands each chunk's outputs to
 * `consume`. Memory stays bounded by one chunk, whatever the total.
 */
export async function predictGenerated(
  model: ModelFn,
  total: number,
  fill: (buffer: Float32Array, start: number, count: number) => void,
  consume: (outputs: Float32Array, start: number, count: number) => void,
  progress?: Progress,
): Promise<void> {
  await inChunks(model.features, total, fill, (rows, count) => predictAll(model, rows, count, progress), consume);
}

/** As predictGenerated, for gradients: fill also writes each row's target output. */
export async function gradientGenerated(
  model: DifferentiableModel,
  total: number,
  fill: (buffer: Float32Array, targets: Int32Array, start: number, count: number) => void,
  consume: (gradients: Float32Array, start: number, count: number) => void,
  progress?: Progress,
): Promise<void> {
  const targets = new Int32Array(Math.min(batchRows(model.features), total));
  await inChunks(
    model.features,
    total,
    (buffer, start, count) => fill(buffer, targets.subarray(0, count), start, count),
    async (rows, count) => {
      checkAborted(progress?.control);
      const g = await model.gradient(rows, count, targets.subarray(0, count));
      if (g.length !== rows.length) throw new ApiError('internal', `the model returned ${g.length} gradient values for ${rows.length} input values`);
      if (progress) {
        progress.done += count;
        progress.control?.onProgress?.(progress.done, progress.total);
      }
      return g;
    },
    consume,
  );
}

async function inChunks(
  features: number,
  total: number,
  fill: (buffer: Float32Array, start: number, count: number) => void,
  evaluate: (rows: Float32Array, count: number) => Promise<Float32Array>,
  consume: (values: Float32Array, start: number, count: number) => void,
): Promise<void> {
  const step = batchRows(features);
  const buffer = new Float32Array(Math.min(step, total) * features);
  for (let start = 0; start < total; start += step) {
    const count = Math.min(step, total - start);
    const rows = buffer.subarray(0, count * features);
    fill(rows, start, count);
    consume(await evaluate(rows, count), start, count);
  }
}
