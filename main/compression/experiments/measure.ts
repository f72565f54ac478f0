/**
 * Size of a stored run's model, measured on the engine's thread: what the run
 * size panel (runs.size) and every experiment step report. Latency comes from
 * the one measurer (main/measure/latency.ts) with its default settings; a step
 * with a baseline is timed interleaved with it, so its speed-up is judged
 * against the noise of the same pairs rather than against a figure measured
 * minutes earlier under another load.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { loadModelFiles } from '../../model/io.ts';
import { compareLatency } from '../../measure/latency.ts';
import { sparsityOf } from '../magnitude/pruner.ts';
import { modelSize } from '../size.ts';
import type { ModelSize, SparsityReport } from '../types.ts';
import { modelInputShape } from '../transfer/warm-start.ts';

export type MeasureOptions = {
  /** Measure latency at all (a second or two). Default true. */
  latency?: boolean;
  /** A baseline model to time this one against, in interleaved pairs (ignored when it is this model or takes another input shape). */
  baselineDir?: string | null;
};

export async function measureStoredModel(dir: string, opts: MeasureOptions = {}): Promise<{ size: ModelSize; sparsity: SparsityReport | null }> {
  if (!existsSync(join(dir, 'model.json'))) throw new Error(`no saved model in ${dir}`);
  const latency = opts.latency ?? true;
  const model = await loadModelFiles(dir);
  let baseline: tf.LayersModel | null = null;
  try {
    const inputShape = modelInputShape(model);
    if (latency && opts.baselineDir && opts.baselineDir !== dir && existsSync(join(opts.baselineDir, 'model.json'))) {
      baseline = await loadModelFiles(opts.baselineDir);
      if (modelInputShape(baseline).join(',') !== inputShape.join(',')) {
        baseline.dispose();
        baseline = null;
      }
    }
    if (!baseline) return { size: await modelSize(model, dir, latency ? { inputShape } : undefined), sparsity: sparsityOf(model) };
    const size = await modelSize(model, dir);
    size.latency = (await compareLatency(baseline, model, inputShape)).candidate;
    return { size, sparsity: sparsityOf(model) };
  } finally {
    model.dispose();
    baseline?.dispose();
  }
}

/**
 * The model folder of an experiment's completed baseline step, for
 * measureStoredModel's `baselineDir`: the base run's artifacts, or the imported
 * model's folder. `artifactDir` is the store's lookup (sync or async).
 */
export async function baselineModelDir(
  steps: readonly { kind: string; status: string; runId: string | null; config: Record<string, unknown> }[],
  artifactDir: (runId: string) => string | undefined | Promise<string | undefined>,
): Promise<string | null> {
  const base = steps.find((s) => s.kind === 'baseline' && s.status === 'completed');
  if (!base) return null;
  if (base.runId) return (await artifactDir(base.runId)) ?? null;
  return typeof base.config.modelDir === 'string' ? base.config.modelDir : null;
}
