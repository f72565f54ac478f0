/**
 * Whole training runs (main/train/trainer.ts) on webgpu against wasm, same
 * config and seed: every layer kind, every optimizer and the training aids
 * (clipping, schedules, early stopping with restored weights, regularisers,
 * preprocessing, augmentation, regression targets). Small models and data:
 * SwiftShader spends most of a run compiling shaders.
 *
 * Tolerance 1e-4 on every saved weight (of max(1, |w|)) and on the validation
 * loss: float32 on both sides, summed in other orders, so each kernel differs
 * by ~1e-7 relative; over these runs' ≤ 30 steps the largest difference we
 * measured was 2.5e-6 (weights) and 1.7e-6 (loss). A wrong kernel (a missed
 * term, a wrong index) moves weights by far more than 1e-4.
 * Dropout draws its masks from each backend's own generator, so a dropout run
 * is checked for finishing and learning, not for equality.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { z } from 'zod';
import { ModelSpec, type HyperParamsInput } from '../../../../main/api/schemas.ts';
import type { TrainPlan } from '../../../../main/compression/types.ts';
import { initBackend } from '../../../../main/backend/select.ts';
import { maxRelativeError } from '../../../../main/backend/webgpu/self-test.ts';
import { loadSample } from '../../../../main/data/samples.ts';
import type { ParsedDataset } from '../../../../main/data/types.ts';
import { trainRun, type TrainResult } from '../../../../main/train/trainer.ts';
import { collect, irisData, linearData, makeInput } from '../../train/helpers.ts';
import { useWebGpu } from './env.ts';

const gpu = await useWebGpu();
const skip = gpu.skip || undefined;
if (gpu.skip) console.log(`# webgpu training tests skipped: ${gpu.skip}`);
const TOL = 1e-4;
/** Specs as written (defaults filled in by ModelSpec.parse). */
type SpecInput = z.input<typeof ModelSpec>;

let digitsSubset: ParsedDataset | null = null;
/** 300 of the 8x8 digits: enough for a few batches of every conv layer. */
function digits(): ParsedDataset {
  if (!digitsSubset) {
    const d = loadSample('digits');
    digitsSubset = { ...d, x: d.x.slice(0, 300 * 64), y: d.y.slice(0, 300) };
  }
  return digitsSubset;
}

async function trainOn(backend: string, data: ParsedDataset, spec: SpecInput, hp: HyperParamsInput, plan?: TrainPlan): Promise<{ r: TrainResult; weights: Float32Array }> {
  await initBackend([backend]);
  const input = { ...makeInput(data, hp, { spec: ModelSpec.parse(spec), seed: 5 }), plan };
  try {
    const r = await trainRun(input, collect());
    const bytes = r.status === 'completed' ? readFileSync(join(input.artifactDir, 'weights.bin')) : Buffer.alloc(0);
    return { r, weights: new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4) };
  } finally {
    rmSync(input.artifactDir, { recursive: true, force: true });
  }
}

async function sameAsWasm(data: ParsedDataset, spec: SpecInput, hp: HyperParamsInput, plan?: TrainPlan): Promise<void> {
  const wasm = await trainOn('wasm', data, spec, hp, plan);
  const webgpu = await trainOn('webgpu', data, spec, hp, plan);
  assert.equal(webgpu.r.backend, 'webgpu');
  assert.equal(webgpu.r.status, 'completed', webgpu.r.error ?? '');
  assert.equal(wasm.r.status, 'completed', wasm.r.error ?? '');
  assert.equal(webgpu.r.epochsDone, wasm.r.epochsDone);
  assert.equal(webgpu.r.metrics.bestEpoch, wasm.r.metrics.bestEpoch);
  assert.ok(webgpu.weights.length > 0 && webgpu.weights.length === wasm.weights.length);
  const weightErr = maxRelativeError(webgpu.weights, wasm.weights);
  assert.ok(weightErr <= TOL, `weights differ from wasm by ${weightErr}`);
  const a = wasm.r.metrics.val?.loss as number, b = webgpu.r.metrics.val?.loss as number;
  assert.ok(Math.abs(a - b) <= TOL * Math.max(1, Math.abs(a)), `val loss ${b} on webgpu, ${a} on wasm`);
}

after(async () => {
  await initBackend(['wasm']);
});

test('dense layers, Adam, norm clipping, cosine schedule, L1/L2: same weights as wasm', { skip }, async () => {
  await sameAsWasm(irisData(), { layers: [{ kind: 'dense', units: 12, activation: 'relu' }, { kind: 'dense', units: 8, activation: 'tanh', regularizer: { l1: 0.001, l2: 0.01 } }] },
    { optimizer: { kind: 'adam', learningRate: 0.02 }, epochs: 3, batchSize: 16, gradientClip: { kind: 'norm', maxNorm: 1 }, schedule: { kind: 'cosine' } });
});

test('SGD with Nesterov momentum, value clipping, step schedule, early stopping with restored weights, min-max inputs', { skip }, async () => {
  await sameAsWasm(irisData(), { layers: [{ kind: 'dense', units: 10, activation: 'sigmoid' }, { kind: 'dense', units: 6, activation: 'leaky_relu', useBias: false }] }, {
    optimizer: { kind: 'momentum', learningRate: 0.05, momentum: 0.9, nesterov: true }, epochs: 3, batchSize: 16,
    gradientClip: { kind: 'value', maxValue: 0.5 }, schedule: { kind: 'step', stepSize: 1, gamma: 0.5 },
    earlyStopping: { monitor: 'val_loss', patience: 1, restoreBestWeights: true }, preprocess: 'minmax',
  });
});

test('regression with RMSProp (momentum) and plain SGD, ELU and PReLU layers', { skip }, async () => {
  const spec: SpecInput = { layers: [{ kind: 'dense', units: 8, activation: 'elu' }, { kind: 'dense', units: 4, activation: 'prelu' }] };
  await sameAsWasm(linearData(120), spec, { optimizer: { kind: 'rmsprop', learningRate: 0.01, momentum: 0.5 }, epochs: 3, batchSize: 16 });
  await sameAsWasm(linearData(120), spec, { optimizer: { kind: 'sgd', learningRate: 0.05 }, epochs: 2, batchSize: 16, targetScaling: 'none' });
});

test('conv, batch norm, max and average pooling, a residual block, activation layer, global pooling, with augmentation', { skip }, async () => {
  await sameAsWasm(digits(), {
    layers: [
      { kind: 'conv2d', filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }, { kind: 'batchNorm', momentum: 0.9 },
      { kind: 'maxPool2d', poolSize: 2 },
      { kind: 'residual', layers: [{ kind: 'conv2d', filters: 4, kernelSize: 3, padding: 'same', activation: 'linear' }], activation: 'relu' },
      { kind: 'avgPool2d', poolSize: 2 }, { kind: 'conv2d', filters: 6, kernelSize: 1, activation: 'linear' },
      { kind: 'activation', activation: 'tanh' }, { kind: 'globalAvgPool2d' },
    ],
  }, { optimizer: { kind: 'adam', learningRate: 0.01 }, epochs: 2, batchSize: 32, augmentation: { flipHorizontal: true, noiseStd: 0.05 } });
});

test('self-attention over reshaped tokens, flatten and a dense head', { skip }, async () => {
  await sameAsWasm(digits(), {
    layers: [{ kind: 'reshape', targetShape: [8, 8] }, { kind: 'attention', heads: 2, keyDim: 4 }, { kind: 'flatten' }, { kind: 'dense', units: 8, activation: 'relu' }],
  }, { optimizer: { kind: 'sgd', learningRate: 0.1 }, epochs: 2, batchSize: 32 });
});

test('compression plans: warm start with a frozen layer and gradual global pruning; distillation from a teacher', { skip }, async () => {
  const spec: SpecInput = { layers: [{ kind: 'dense', units: 16, activation: 'relu' }, { kind: 'dense', units: 8, activation: 'relu' }] };
  const hp: HyperParamsInput = { optimizer: { kind: 'adam', learningRate: 0.01 }, epochs: 3, batchSize: 16 };
  await initBackend(['wasm']);
  const teacher = makeInput(irisData(), hp, { spec: ModelSpec.parse(spec), seed: 9 });
  try {
    assert.equal((await trainRun(teacher, collect())).status, 'completed');
    await sameAsWasm(irisData(), spec, hp, {
      init: { modelDir: teacher.artifactDir, freeze: 1 },
      pruning: { kind: 'magnitude', targetSparsity: 0.5, schedule: 'gradual', scope: 'global' },
    });
    await sameAsWasm(irisData(), { layers: [{ kind: 'dense', units: 4, activation: 'relu' }] }, hp,
      { distill: { teacherDir: teacher.artifactDir, temperature: 2, alpha: 0.5 } });
  } finally {
    rmSync(teacher.artifactDir, { recursive: true, force: true });
  }
});

test('dropout (and attention dropout) trains on webgpu: completes and learns', { skip }, async () => {
  const { r } = await trainOn('webgpu', digits(), {
    layers: [{ kind: 'conv2d', filters: 4, kernelSize: 3, activation: 'relu' }, { kind: 'dropout', rate: 0.3 }, { kind: 'reshape', targetShape: [36, 4] },
      { kind: 'attention', heads: 1, keyDim: 4, dropout: 0.2 }, { kind: 'flatten' }],
  }, { optimizer: { kind: 'adam', learningRate: 0.02 }, epochs: 3, batchSize: 32 });
  assert.equal(r.status, 'completed', r.error ?? '');
  const acc = r.metrics.val?.accuracy as number;
  assert.ok(acc > 0.3, `val accuracy ${acc} (chance is 0.1)`);
  assert.equal(tf.memory().numTensors, 0);
});
