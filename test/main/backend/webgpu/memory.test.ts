/**
 * Memory stays flat over many runs on the GPU: after a warm-up round of every
 * kind of run (each optimizer, early stopping with restored weights, clipping
 * and augmentation, a conv net, divergence, cancellation, a model that cannot
 * build), two more rounds leave the same number of tensors, the same GPU bytes
 * in use, and, once the spare buffers tfjs keeps are handed back (as the
 * worker does after every webgpu job), the same GPU bytes allocated.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { ModelSpec, type HyperParamsInput } from '../../../../main/api/schemas.ts';
import { releaseFreeGpuBuffers } from '../../../../main/backend/webgpu/backend.ts';
import { loadSample } from '../../../../main/data/samples.ts';
import type { ParsedDataset } from '../../../../main/data/types.ts';
import { trainRun } from '../../../../main/train/trainer.ts';
import { collect, irisData, linearData, makeInput, MLP } from '../../train/helpers.ts';
import { useWebGpu } from './env.ts';

const gpu = await useWebGpu();
const skip = gpu.skip || undefined;
if (gpu.skip) console.log(`# webgpu memory test skipped: ${gpu.skip}`);

type GpuMemory = tf.MemoryInfo & { numBytesInGPU: number; numBytesAllocatedInGPU: number };

const d = skip ? null : loadSample('digits');
const digits: ParsedDataset | null = d && { ...d, x: d.x.slice(0, 120 * 64), y: d.y.slice(0, 120) };
const optimizers: HyperParamsInput['optimizer'][] = [
  { kind: 'sgd', learningRate: 0.05 }, { kind: 'momentum', learningRate: 0.05, nesterov: true },
  { kind: 'adam', learningRate: 0.02 }, { kind: 'rmsprop', learningRate: 0.01, momentum: 0.5 },
];
const CNN = ModelSpec.parse({ layers: [{ kind: 'conv2d', filters: 3, kernelSize: 3, activation: 'relu' }, { kind: 'batchNorm', momentum: 0.9 }, { kind: 'maxPool2d', poolSize: 2 }, { kind: 'flatten' }] });

/** Run `i` of a round of 8 kinds; returns its status. */
async function oneRun(i: number): Promise<string> {
  let data: ParsedDataset = irisData();
  let spec: ModelSpec = MLP;
  let hp: HyperParamsInput = { optimizer: optimizers[i % 4], epochs: 2, batchSize: 32, earlyStopping: { monitor: 'val_accuracy', patience: 0, minDelta: 0.5, restoreBestWeights: true } };
  let signal: AbortSignal | undefined;
  const kind = i % 8;
  if (kind === 4) hp = { ...hp, augmentation: { noiseStd: 0.1 }, gradientClip: { kind: 'norm', maxNorm: 1 } };
  if (kind === 5) [data, spec] = [digits as ParsedDataset, CNN];
  if (kind === 6) [data, hp] = [linearData(60), { optimizer: { kind: 'sgd', learningRate: 1e6 }, epochs: 2, batchSize: 16 }];
  if (kind === 7) signal = AbortSignal.abort();
  if (kind === 3) spec = CNN; // a conv layer on tabular input: cannot build
  const input = makeInput(data, hp, { spec, seed: i });
  const r = await trainRun(input, { ...collect(), signal });
  rmSync(input.artifactDir, { recursive: true, force: true });
  releaseFreeGpuBuffers();
  return r.status;
}

test('tensors and GPU memory are the same after every later round of runs as after the first', { skip }, async () => {
  for (let i = 0; i < 8; i++) await oneRun(i);
  const first = tf.memory() as GpuMemory;
  const statuses = new Set<string>();
  for (let round = 1; round <= 2; round++) {
    for (let i = 0; i < 8; i++) statuses.add(await oneRun(round * 8 + i));
    const now = tf.memory() as GpuMemory;
    assert.equal(now.numTensors, first.numTensors, `tensors after round ${round}`);
    assert.equal(now.numBytesInGPU, first.numBytesInGPU, `GPU bytes in use after round ${round}`);
    assert.equal(now.numBytesAllocatedInGPU, first.numBytesAllocatedInGPU, `GPU bytes allocated after round ${round}`);
  }
  assert.deepEqual([...statuses].sort(), ['cancelled', 'completed', 'diverged', 'failed']);
  assert.equal(tf.getBackend(), 'webgpu');
  console.log(`memory after 24 webgpu runs: ${first.numTensors} tensors, ${first.numBytesInGPU} GPU bytes in use, ${first.numBytesAllocatedInGPU} allocated`);
});
