import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { createPruner } from '../../../../main/compression/magnitude/pruner.ts';
import { buildModel } from '../../../../main/model/builder.ts';
import { loadModelFiles } from '../../../../main/model/io.ts';
import { createOptimizer } from '../../../../main/train/optimizers.ts';
import { createTrainStep } from '../../../../main/train/step.ts';
import { irisData, MLP32, train } from '../helpers.ts';

before(async () => {
  await tf.setBackend('cpu');
});

const zerosOf = (model: tf.LayersModel, layer: string) =>
  Array.from(model.getLayer(layer).getWeights()[0]!.dataSync()).flatMap((v, i) => (v === 0 ? [i] : []));

test('masks stay zero through Adam steps (momentum cannot revive a pruned weight)', () => {
  const model = buildModel(MLP32, { inputShape: [4], outputUnits: 3, task: 'classification' }, 1);
  const optimizer = createOptimizer({ kind: 'adam', learningRate: 0.05, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
  const step = createTrainStep(model, optimizer, 'categorical');
  const pruner = createPruner(model, { kind: 'magnitude', targetSparsity: 0.75, schedule: 'oneshot', scope: 'layer' }, 3);
  pruner.beginEpoch(0);
  const before = zerosOf(model, 'dense_2');
  assert.equal(before.length, 0.75 * 32 * 16);
  const x = tf.randomNormal([16, 4], 0, 1, 'float32', 3);
  const y = tf.tensor1d(Array.from({ length: 16 }, (_, i) => i % 3));
  for (let i = 0; i < 20; i++) {
    step(x, y);
    pruner.enforce();
    assert.deepEqual(zerosOf(model, 'dense_2'), before);
  }
  const report = pruner.report();
  assert.deepEqual(report.layers.map((l) => l.layer), ['dense_1', 'dense_2', 'head']);
  assert.ok(report.layers.every((l) => Math.abs(l.sparsity - 0.75) < 0.02));
  tf.dispose([x, y]);
  pruner.dispose();
  model.dispose();
  optimizer.dispose();
});

test('a gradual run in the trainer ends at the target per layer and saves the zeros', async () => {
  const base = await train(irisData(), { epochs: 10, optimizer: { kind: 'adam', learningRate: 0.02 }, batchSize: 16 });
  const tensors = tf.memory().numTensors;
  const pruned = await train(irisData(), { epochs: 6, optimizer: { kind: 'adam', learningRate: 0.01 }, batchSize: 16 }, {
    plan: { init: { modelDir: base.input.artifactDir }, pruning: { kind: 'magnitude', targetSparsity: 0.6, schedule: 'gradual', scope: 'layer' } },
  });
  assert.equal(pruned.result.status, 'completed', pruned.result.error ?? '');
  assert.equal(tf.memory().numTensors, tensors, 'no tensor leaked');
  const report = pruned.result.metrics.sparsity!;
  assert.ok(report.layers.every((l) => Math.abs(l.sparsity - 0.6) < 0.02), JSON.stringify(report.layers));
  const saved = await loadModelFiles(pruned.input.artifactDir);
  assert.equal(zerosOf(saved, 'dense_2').length, Math.round(0.6 * 512));
  assert.ok(pruned.result.size!.nonZeroParams < pruned.result.size!.paramCount * 0.5);
  saved.dispose();
  base.cleanup();
  pruned.cleanup();
});

test('naming a layer kind that cannot be pruned is refused with the kind', () => {
  const model = buildModel({ layers: [{ kind: 'dense', units: 4, activation: 'relu', useBias: true }, { kind: 'batchNorm', momentum: 0.9 }] }, { inputShape: [4], outputUnits: 3, task: 'classification' }, 1);
  assert.throws(
    () => createPruner(model, { kind: 'magnitude', targetSparsity: 0.5, schedule: 'oneshot', scope: 'layer', layers: ['batchNorm_2'] }, 1),
    /'batchNorm_2' is a BatchNormalization layer; magnitude pruning can only prune dense and conv2d kernels/,
  );
  model.dispose();
});
