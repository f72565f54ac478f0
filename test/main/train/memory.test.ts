/**
 * Required by the issue: training must not leak tensors. After one warm-up run
 * (tfjs creates a few long-lived tensors on first use) the count must not grow
 * over 50 more runs that cover every path: each optimizer, early stopping with
 * restored weights, augmentation, divergence, cancellation and build failure.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import type { HyperParamsInput, ModelSpec } from '../../../main/api/schemas.ts';
import { trainRun } from '../../../main/train/trainer.ts';
import { collect, irisData, linearData, makeInput, MLP } from './helpers.ts';

before(async () => {
  await tf.setBackend('cpu');
});

const optimizers: HyperParamsInput['optimizer'][] = [
  { kind: 'sgd', learningRate: 0.05 },
  { kind: 'momentum', learningRate: 0.05, nesterov: true },
  { kind: 'adam', learningRate: 0.02 },
  { kind: 'rmsprop', learningRate: 0.01, momentum: 0.5 },
];

async function oneRun(i: number): Promise<string> {
  const kind = i % 5;
  let spec: ModelSpec = MLP;
  let data = irisData();
  let hp: HyperParamsInput = {
    optimizer: optimizers[i % optimizers.length],
    epochs: 2,
    batchSize: 32,
    earlyStopping: { monitor: 'val_accuracy', patience: 0, minDelta: 0.5 },
    schedule: { kind: 'cosine' },
  };
  let signal: AbortSignal | undefined;
  if (kind === 1) hp = { ...hp, augmentation: { noiseStd: 0.1 }, gradientClip: { kind: 'norm', maxNorm: 1 } };
  if (kind === 2) {
    data = linearData(60);
    hp = { optimizer: { kind: 'sgd', learningRate: 1e6 }, epochs: 2, batchSize: 16 };
  }
  if (kind === 3) signal = AbortSignal.abort();
  if (kind === 4 && i % 2 === 0) spec = { layers: [{ kind: 'flatten' }, { kind: 'dense', units: 4, activation: 'tanh', useBias: true, regularizer: { l1: 0, l2: 0.01 } }] };
  if (kind === 4 && i % 2 === 1) spec = { layers: [{ kind: 'conv2d', filters: 2, kernelSize: 3, strides: 1, padding: 'valid', activation: 'relu', useBias: true }] };
  const input = makeInput(data, hp, { spec, seed: i });
  const r = await trainRun(input, { ...collect(), signal });
  rmSync(input.artifactDir, { recursive: true, force: true });
  return r.status;
}

test('tf.memory().numTensors is the same after 50 runs as after 1', async () => {
  await oneRun(0);
  const afterOne = tf.memory().numTensors;
  const statuses = new Set<string>();
  for (let i = 1; i <= 50; i++) statuses.add(await oneRun(i));
  assert.deepEqual([...statuses].sort(), ['cancelled', 'completed', 'diverged', 'failed']);
  assert.equal(tf.memory().numTensors, afterOne);
});
