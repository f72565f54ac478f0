/**
 * Size of a stored run's model, measured on the engine's thread. Every step of
 * an experiment is measured here, on the same backend and with the same batch,
 * so latencies within an experiment compare like with like (the per-run figure
 * the trainer records comes from whichever backend that worker used).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadModelFiles } from '../../model/io.ts';
import { sparsityOf } from '../magnitude/pruner.ts';
import { modelSize, type LatencyOptions } from '../size.ts';
import type { ModelSize, SparsityReport } from '../types.ts';
import { modelInputShape } from '../transfer/warm-start.ts';

/** One batch of 32, median of up to 25 calls within about one second. */
export const STEP_LATENCY: LatencyOptions = { batch: 32, repeats: 25, warmup: 3, budgetMs: 1000 };

export async function measureStoredModel(dir: string, opts: { latency: boolean } = { latency: true }): Promise<{ size: ModelSize; sparsity: SparsityReport | null }> {
  if (!existsSync(join(dir, 'model.json'))) throw new Error(`no saved model in ${dir}`);
  const model = await loadModelFiles(dir);
  try {
    const size = await modelSize(model, dir, opts.latency ? { inputShape: modelInputShape(model), ...STEP_LATENCY } : undefined);
    return { size, sparsity: sparsityOf(model) };
  } finally {
    model.dispose();
  }
}
