/**
 * Inference latency of a trained model: the median wall time of predict() on
 * one batch, after a warm-up call (which pays for kernel setup). It runs on
 * the calling thread's tfjs backend (the engine uses cpu), so the numbers
 * compare models with each other, not with a deployment target.
 */
import * as tf from '@tensorflow/tfjs';
import { loadModelFiles } from '../model/io.ts';

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export async function measureLatencyMs(artifactDir: string, inputShape: readonly number[], opts: { batchSize: number; repeats: number }): Promise<number> {
  const model = await loadModelFiles(artifactDir);
  // A fixed input: latency must not depend on which random numbers came out.
  const x = tf.fill([opts.batchSize, ...inputShape], 0.5);
  try {
    const once = async (): Promise<number> => {
      const t0 = performance.now();
      const y = model.predict(x) as tf.Tensor;
      await y.data();
      y.dispose();
      return performance.now() - t0;
    };
    await once();
    const times: number[] = [];
    for (let i = 0; i < opts.repeats; i++) times.push(await once());
    return median(times);
  } finally {
    x.dispose();
    model.dispose();
  }
}
