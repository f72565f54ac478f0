/**
 * How big and how fast a stored model is: parameters (and how many are not
 * zero), FLOPs, bytes on disk, gzip of the weights (what unstructured sparsity
 * actually saves when the model is shipped), and measured inference latency.
 *
 * Latency = median wall time of `repeats` predictions of one batch, after a few
 * warm-up calls (the first calls compile kernels and allocate buffers), read back
 * to the CPU so asynchronous backends are timed to completion. The median, not
 * the mean, because a shared machine adds rare long stalls.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs';
import type { Latency, ModelSize } from './types.ts';
import { modelFlops } from './flops.ts';

export type LatencyOptions = { batch?: number; repeats?: number; warmup?: number; /** stop early once this much time was spent timing */ budgetMs?: number };

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export async function measureLatency(model: tf.LayersModel, inputShape: number[], opts: LatencyOptions = {}): Promise<Latency> {
  const batch = opts.batch ?? 32;
  const repeats = Math.max(1, opts.repeats ?? 20);
  const warmup = opts.warmup ?? 3;
  const budget = opts.budgetMs ?? Infinity;
  // Fixed pseudo-random input: all-zero inputs could hit fast paths real data never takes.
  const x = tf.randomUniform([batch, ...inputShape], 0, 1, 'float32', 7);
  const times: number[] = [];
  try {
    const once = async (): Promise<number> => {
      const t0 = performance.now();
      const out = model.predict(x) as tf.Tensor;
      await out.data();
      out.dispose();
      return performance.now() - t0;
    };
    for (let i = 0; i < warmup; i++) await once();
    const started = performance.now();
    for (let i = 0; i < repeats; i++) {
      times.push(await once());
      // Keep at least 5 samples so the median means something.
      if (times.length >= 5 && performance.now() - started > budget) break;
    }
  } finally {
    x.dispose();
  }
  return { medianMs: median(times), batch, repeats: times.length, backend: tf.getBackend() };
}

type Manifest = { weightsManifest?: { paths?: string[] }[] };

function weightFiles(dir: string): string[] {
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as Manifest;
  return [...new Set((json.weightsManifest ?? []).flatMap((g) => g.paths ?? []))].map((p) => join(dir, p));
}

/** model.json + weight files, and the weights alone. */
export function modelBytes(dir: string): { bytes: number; weightBytes: number } {
  const weightBytes = weightFiles(dir).reduce((a, f) => a + statSync(f).size, 0);
  return { bytes: statSync(join(dir, 'model.json')).size + weightBytes, weightBytes };
}

/** gzip (level 9) of the weights: zeros from pruning compress, dense random floats barely do. */
export function gzipBytes(dir: string): number {
  return weightFiles(dir).reduce((a, f) => a + gzipSync(readFileSync(f), { level: 9 }).byteLength, 0);
}

/** Non-zero parameters: what an unstructured-sparse format would store. */
export function nonZeroParams(model: tf.LayersModel): number {
  let n = 0;
  for (const w of model.weights) {
    const values = w.read().dataSync();
    for (let i = 0; i < values.length; i++) if (values[i] !== 0) n++;
  }
  return n;
}

/** The full size report of a model saved in `dir` (latency only when asked). */
export async function modelSize(model: tf.LayersModel, dir: string, latency?: LatencyOptions & { inputShape: number[] }): Promise<ModelSize> {
  const { bytes, weightBytes } = modelBytes(dir);
  return {
    paramCount: model.countParams(),
    nonZeroParams: nonZeroParams(model),
    flops: modelFlops(model),
    bytes,
    weightBytes,
    gzipBytes: gzipBytes(dir),
    latency: latency ? await measureLatency(model, latency.inputShape, latency) : null,
  };
}
