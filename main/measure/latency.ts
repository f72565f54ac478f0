/**
 * The one latency measurer: every latency Modelbench reports (a run's size
 * panel, the size recorded with plan runs, compression steps, the study
 * objective latency_ms, the benches) comes from here, so they all mean the
 * same thing:
 *
 * - the same fixed input: a seeded pseudo-random batch (all-zero inputs could
 *   hit fast paths that real data never takes), the same for every model of a
 *   given input shape and batch;
 * - the calling thread's backend, recorded with the figure;
 * - warm-up calls first (the first calls compile kernels and allocate);
 * - each sample times enough back-to-back calls to last about
 *   TARGET_SAMPLE_MS, so tiny models are not timed at the clock's resolution;
 * - samples until `maxRepeats`, or until `budgetMs` is spent once
 *   `minRepeats` are in: the median and quartiles are reported, not the mean,
 *   because a shared machine adds rare long stalls;
 * - outputs are read back, so asynchronous backends are timed to completion.
 *
 * A comparison (compareLatency) times baseline and candidate in interleaved
 * pairs, A B then B A, and judges their ratio (compare.ts): two models
 * measured minutes apart differ by the machine's load as much as by themselves.
 */
import * as tf from '@tensorflow/tfjs';
import type { Latency, LatencyComparison } from '../compression/types.ts';
import { quartiles } from '../util/stats.ts';
import { latencyVerdict, pairedRatio } from './compare.ts';

export type LatencySettings = {
  /** Samples per predict() call. */
  batch: number;
  /** Untimed calls before the first sample. */
  warmup: number;
  /** Samples (pairs, when comparing) always taken. */
  minRepeats: number;
  /** Samples (pairs) at most. */
  maxRepeats: number;
  /** Stop taking samples once this much time was spent timing (after minRepeats). */
  budgetMs: number;
};

export const LATENCY_DEFAULTS: LatencySettings = { batch: 32, warmup: 3, minRepeats: 5, maxRepeats: 200, budgetMs: 1000 };

/** A sample lasts about this long: several calls of a fast model, one call of a slow one. */
const TARGET_SAMPLE_MS = 2;
const MAX_CALLS_PER_SAMPLE = 64;
/** Seed of the fixed input batch. */
const INPUT_SEED = 7;

/** The fixed input every measurement of this shape and batch uses (dispose it). */
export function latencyInput(inputShape: readonly number[], batch: number): tf.Tensor {
  return tf.randomUniform([batch, ...inputShape], 0, 1, 'float32', INPUT_SEED);
}

/** Mean time of one call over `calls` back-to-back calls, each read back to the CPU. */
async function timeCalls(model: tf.LayersModel, x: tf.Tensor, calls: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) {
    const out = model.predict(x) as tf.Tensor;
    await out.data();
    out.dispose();
  }
  return (performance.now() - t0) / calls;
}

/** Warm-up, then how many calls make one sample of about TARGET_SAMPLE_MS. */
async function warmUp(model: tf.LayersModel, x: tf.Tensor, warmup: number): Promise<number> {
  let last = Infinity;
  for (let i = 0; i < Math.max(1, warmup); i++) last = await timeCalls(model, x, 1);
  return Math.min(MAX_CALLS_PER_SAMPLE, Math.max(1, Math.ceil(TARGET_SAMPLE_MS / Math.max(last, 1e-3))));
}

function settle(settings: Partial<LatencySettings>): LatencySettings {
  const s = { ...LATENCY_DEFAULTS, ...settings };
  const maxRepeats = Math.max(1, Math.floor(s.maxRepeats));
  return { ...s, maxRepeats, minRepeats: Math.min(maxRepeats, Math.max(1, Math.floor(s.minRepeats))) };
}

function summary(samples: number[], batch: number): Latency {
  const q = quartiles(samples);
  return { medianMs: q.median, q1Ms: q.q1, q3Ms: q.q3, batch, repeats: samples.length, backend: tf.getBackend() };
}

/** Latency of one model on the fixed input of its shape. */
export async function measureLatency(model: tf.LayersModel, inputShape: readonly number[], settings: Partial<LatencySettings> = {}): Promise<Latency> {
  const s = settle(settings);
  const x = latencyInput(inputShape, s.batch);
  try {
    const calls = await warmUp(model, x, s.warmup);
    const samples: number[] = [];
    const started = performance.now();
    while (samples.length < s.maxRepeats && (samples.length < s.minRepeats || performance.now() - started < s.budgetMs)) {
      samples.push(await timeCalls(model, x, calls));
    }
    return summary(samples, s.batch);
  } finally {
    x.dispose();
  }
}

export type LatencyPair = { baseline: Latency; candidate: Latency & { comparison: LatencyComparison } };

/**
 * Baseline and candidate timed in interleaved pairs on the same input; the
 * candidate's latency carries the comparison (ratio, interval, verdict). Both
 * models must take `inputShape`.
 */
export async function compareLatency(
  baseline: tf.LayersModel,
  candidate: tf.LayersModel,
  inputShape: readonly number[],
  settings: Partial<LatencySettings> = {},
): Promise<LatencyPair> {
  const s = settle(settings);
  const x = latencyInput(inputShape, s.batch);
  try {
    const callsA = await warmUp(baseline, x, s.warmup);
    const callsB = await warmUp(candidate, x, s.warmup);
    const a: number[] = [];
    const b: number[] = [];
    const started = performance.now();
    while (a.length < s.maxRepeats && (a.length < s.minRepeats || performance.now() - started < s.budgetMs)) {
      // Alternate which goes first, so neither always runs on a cache the other warmed.
      if (a.length % 2 === 0) {
        a.push(await timeCalls(baseline, x, callsA));
        b.push(await timeCalls(candidate, x, callsB));
      } else {
        b.push(await timeCalls(candidate, x, callsB));
        a.push(await timeCalls(baseline, x, callsA));
      }
    }
    const ratio = pairedRatio(a, b);
    const base = summary(a, s.batch);
    const comparison: LatencyComparison = { baselineMedianMs: base.medianMs, ...ratio, verdict: latencyVerdict(ratio) };
    return { baseline: base, candidate: { ...summary(b, s.batch), comparison } };
  } finally {
    x.dispose();
  }
}
