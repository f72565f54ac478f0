/**
 * The study objective latency_ms: the median inference latency of a trial's
 * saved model, from the one measurer (main/measure/latency.ts) with the same
 * fixed inputs, warm-up and backend as the run size panel; the study chooses
 * the batch size and the most repeats. It runs on the calling thread's
 * backend, so the numbers compare models with each other, not with a
 * deployment target.
 */
import { loadModelFiles } from '../model/io.ts';
import { measureLatency } from '../measure/latency.ts';

export async function measureLatencyMs(artifactDir: string, inputShape: readonly number[], opts: { batchSize: number; repeats: number }): Promise<number> {
  const model = await loadModelFiles(artifactDir);
  try {
    return (await measureLatency(model, inputShape, { batch: opts.batchSize, maxRepeats: opts.repeats })).medianMs;
  } finally {
    model.dispose();
  }
}
