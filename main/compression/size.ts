/**
 * How big and how fast a stored model is: parameters (and how many are not
 * zero), FLOPs, bytes on disk, gzip of the weights (what unstructured sparsity
 * actually saves when the model is shipped), and measured inference latency
 * (main/measure/latency.ts, the one measurer).
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs';
import { measureLatency, type LatencySettings } from '../measure/latency.ts';
import type { ModelSize } from './types.ts';
import { modelFlops } from './flops.ts';

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
export async function modelSize(model: tf.LayersModel, dir: string, latency?: Partial<LatencySettings> & { inputShape: readonly number[] }): Promise<ModelSize> {
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
