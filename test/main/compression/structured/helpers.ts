/** Shared helpers for the structured-pruning tests: seeded weights, predictions, consumer masks. */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { ApiError } from '../../../../main/api/errors.ts';
import { buildModel } from '../../../../main/model/builder.ts';
import type { ModelSpec, Task } from '../../../../main/api/schemas.ts';
import { structuredPrune, type StructuredOptions, type StructuredResult } from '../../../../main/compression/structured/index.ts';

export type Io = { inputShape: number[]; outputUnits: number; task: Task };

/** A tiny deterministic generator (mulberry32): tests must not depend on tfjs' own RNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Replaces every weight with seeded random values that make every channel
 * matter: non-zero biases and BN shifts, signed gammas of varied size, moving
 * variances in [0.5, 1.5], kernels scaled by 1/sqrt(fan-in) so activations stay O(1).
 */
export function randomizeWeights(model: tf.LayersModel, seed: number): void {
  const next = rng(seed);
  const u = (lo: number, hi: number): number => lo + (hi - lo) * next();
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue;
    const fresh = layer.weights.map((w) => {
      const shape = w.shape as number[];
      const size = shape.reduce((a, b) => a * b, 1);
      const name = w.name;
      let gen: () => number;
      if (name.includes('moving_variance')) gen = () => u(0.5, 1.5);
      else if (name.includes('gamma')) gen = () => u(-1.5, 1.5);
      else if (shape.length >= 2 && !name.includes('alpha')) {
        const fanIn = size / shape[shape.length - 1];
        const s = Math.sqrt(3 / fanIn);
        gen = () => u(-s, s);
      } else gen = () => u(-0.5, 0.5);
      return tf.tensor(Array.from({ length: size }, gen), shape);
    });
    layer.setWeights(fresh);
    tf.dispose(fresh);
  }
}

export function seededModel(spec: ModelSpec, io: Io, seed = 1): tf.LayersModel {
  const model = buildModel(spec, io, seed);
  randomizeWeights(model, seed);
  return model;
}

export function inputs(shape: number[], batch: number, seed = 99): tf.Tensor {
  const next = rng(seed);
  const size = batch * shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Array.from({ length: size }, () => next() * 2 - 1), [batch, ...shape]);
}

export function predict(model: tf.LayersModel, x: tf.Tensor): number[] {
  const y = model.predict(x) as tf.Tensor;
  const out = Array.from(y.dataSync());
  y.dispose();
  return out;
}

/** Equal to float tolerance: 1e-5 absolute, or relative for values above 1. */
export function assertClose(actual: number[], expected: number[], tol = 1e-5): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < actual.length; i++) {
    const err = Math.abs(actual[i] - expected[i]);
    assert.ok(err <= tol * Math.max(1, Math.abs(expected[i])), `value ${i}: ${actual[i]} vs ${expected[i]} (|diff| ${err})`);
  }
}

export function complement(kept: number[], total: number): number[] {
  return Array.from({ length: total }, (_, i) => i).filter((i) => !kept.includes(i));
}

/**
 * Zeroes, in `layer`'s weight number `weight`, every slice at `indices` along
 * `axis` (negative counts from the end). Masking a consumer's input rows removes
 * the pruned channels' effect on it; masking a producer's columns + bias
 * silences the channels themselves.
 */
export function zeroSlices(model: tf.LayersModel, layerName: string, weight: number, axis: number, indices: number[]): void {
  const layer = model.getLayer(layerName);
  const ws = layer.getWeights();
  const w = ws[weight];
  const shape = w.shape;
  const ax = axis < 0 ? shape.length + axis : axis;
  const values = w.dataSync().slice();
  const inner = shape.slice(ax + 1).reduce((a, b) => a * b, 1);
  const drop = new Set(indices);
  for (let i = 0; i < values.length; i++) {
    if (drop.has(Math.floor(i / inner) % shape[ax])) values[i] = 0;
  }
  const replaced = tf.tensor(values, shape);
  // Write this one variable only: setWeights would also assign the others to themselves.
  layer.weights[weight].write(replaced);
  replaced.dispose();
}

/**
 * Token ids [batch, length] in 1..vocab-1, the later rows ending in padding (id 0)
 * so the padding masks of embeddings, attention and recurrent layers take part.
 */
export function tokenIds(batch: number, length: number, vocab: number, seed = 99): tf.Tensor {
  const next = rng(seed);
  const ids = Array.from({ length: batch * length }, (_, i) => {
    const row = Math.floor(i / length);
    const padFrom = length - (row % 3) * 2; // rows 0, 3.. full; others end in 2 or 4 pads
    return i % length >= padFrom ? 0 : 1 + Math.floor(next() * (vocab - 1));
  });
  return tf.tensor(ids, [batch, length]);
}

/** A pruning case checked against the masked original (equivalence.test.ts). */
export type Mask = { layer: string; weight: number; axis: number; indices: number[] };
export type EquivalenceCase = {
  name: string;
  spec: ModelSpec;
  io: Io;
  criterion: 'l1' | 'l2' | 'bn';
  ratio: number;
  /** The consumer masks that silence the removed channels, from the kept indices. */
  masks: (kept: Record<string, number[]>, units: (layer: string) => number) => Mask[];
  /** The batch to predict on; seeded values in [-1, 1] of the input shape when absent. */
  inputs?: (batch: number) => tf.Tensor;
};

/** Rows position*C + c for every removed c at each of `positions` positions (flatten is channels-last). */
export const flatRows = (removed: number[], channels: number, positions: number): number[] =>
  Array.from({ length: positions }, (_, p) => removed.map((c) => p * channels + c)).flat();

/** `fn` throws an ApiError with this code whose message matches every part. */
export function expectApiError(fn: () => unknown, code: string, ...parts: string[]): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ApiError, String(err));
    assert.equal(err.code, code);
    for (const p of parts) assert.match(err.message, new RegExp(p), err.message);
    return true;
  });
}

/** Prunes `model`, lets `check` look at the result, asserts that it predicts what `model` predicts on `x`, and disposes it. */
export function prunedPredictsSame(model: tf.LayersModel, spec: ModelSpec, io: Io, opts: StructuredOptions, x: tf.Tensor, check: (r: StructuredResult) => void): void {
  const result = structuredPrune(model, spec, io, opts);
  try {
    check(result);
    assertClose(predict(result.model, x), predict(model, x));
  } finally {
    result.model.dispose();
  }
}

/** The file runs on tfjs' cpu backend and must end with as many tensors as it started with. */
export function cpuWithoutLeaks(): void {
  let start = 0;
  before(async () => {
    await tf.setBackend('cpu');
    start = tf.memory().numTensors;
  });
  after(() => {
    assert.equal(tf.memory().numTensors, start, 'every tensor is disposed');
  });
}
