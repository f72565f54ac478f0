import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { HyperParams, ModelSpec } from '../../../main/api/schemas.ts';
import { MODEL_PRESETS } from '../../../main/model/presets.ts';
import { buildModel } from '../../../main/model/builder.ts';
import { analyseSpec } from '../../../main/model/counts.ts';
import { describeLayer, formatFlops } from '../../../main/model/summary.ts';

before(async () => {
  await tf.setBackend('cpu');
});

const SHAPES = { tabular: [[4], [30]], image: [[28, 28, 1], [32, 32, 3]], text: [[16], [128]], series: [[28, 1], [96, 3]], any: [[30], [28, 28, 1]] } as const;

test('preset ids are unique and the required ones exist', () => {
  const ids = MODEL_PRESETS.map((p) => p.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ['mlp-small', 'mlp-regularised', 'cnn-reference', 'resnet-tiny', 'attention-tabular', 'mlp-reference']) assert.ok(ids.includes(id), id);
});

for (const preset of MODEL_PRESETS) {
  test(`${preset.id}: valid spec and hyperparams, builds on its input kind`, () => {
    assert.deepEqual(ModelSpec.parse(preset.spec), preset.spec, 'the spec is already complete (no defaults missing)');
    HyperParams.parse(preset.hyperparams);
    for (const shape of SHAPES[preset.inputKind]) {
      const analysis = analyseSpec(preset.spec, [...shape], 3);
      assert.ok(analysis.ok, analysis.ok ? '' : analysis.error);
      const model = buildModel(preset.spec, { inputShape: [...shape], outputUnits: 3, task: 'classification' }, 1);
      assert.equal(model.countParams(), analysis.paramCount);
      const y = tf.tidy(() => model.predict(tf.zeros([1, ...shape])) as tf.Tensor);
      assert.deepEqual(y.shape, [1, 3]);
      y.dispose();
      model.dispose();
    }
    assert.ok(preset.spec.layers.every((l) => describeLayer(l).length > 0));
  });
}

test('cnn-reference matches the PyTorch reference (79,242 parameters on 28x28x1, 10 classes)', () => {
  const preset = MODEL_PRESETS.find((p) => p.id === 'cnn-reference')!;
  const r = analyseSpec(preset.spec, [28, 28, 1], 10);
  assert.ok(r.ok);
  assert.equal(r.paramCount, 79242);
  const mlp = analyseSpec(MODEL_PRESETS.find((p) => p.id === 'mlp-reference')!.spec, [30], 2);
  assert.ok(mlp.ok);
  assert.equal(mlp.paramCount, 30 * 64 + 64 + 64 * 64 + 64 + 64 * 2 + 2);
});

test('attention-tabular learns a simple rule in a few steps', () => {
  const preset = MODEL_PRESETS.find((p) => p.id === 'attention-tabular')!;
  const model = buildModel(preset.spec, { inputShape: [4], outputUnits: 2, task: 'classification' }, 2);
  const optimizer = tf.train.adam(0.01);
  const xs = tf.tensor2d(Array.from({ length: 64 * 4 }, (_, i) => Math.sin(i * 1.3)), [64, 4]);
  const ys = tf.tidy(() => tf.oneHot(tf.cast(tf.greater(tf.sum(xs, 1), 0), 'int32'), 2));
  const lossAt = () => tf.tidy(() => tf.losses.softmaxCrossEntropy(ys, model.apply(xs) as tf.Tensor).dataSync()[0]);
  const start = lossAt();
  for (let i = 0; i < 15; i++) {
    tf.tidy(() => {
      optimizer.minimize(() => tf.mean(tf.neg(tf.sum(tf.mul(ys, tf.log(tf.clipByValue(model.apply(xs, { training: true }) as tf.Tensor, 1e-7, 1))), 1))) as tf.Scalar);
    });
  }
  assert.ok(lossAt() < start, 'loss goes down');
  tf.dispose([xs, ys]);
  optimizer.dispose();
  model.dispose();
});

test('describeLayer and formatFlops', () => {
  assert.equal(describeLayer({ kind: 'dense', units: 64, activation: 'relu', useBias: true, regularizer: { l1: 0, l2: 0.0001 } }), 'dense 64, relu, L2 0.0001');
  assert.equal(describeLayer({ kind: 'conv2d', filters: 16, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', useBias: true }), 'conv2d 16 3x3 stride 2 same, relu');
  assert.equal(describeLayer({ kind: 'maxPool2d', poolSize: 2 }), 'maxPool2d 2x2');
  assert.equal(describeLayer({ kind: 'residual', activation: 'relu', layers: [{ kind: 'flatten' }] }), 'residual (1 layer), relu');
  assert.equal(formatFlops(1948938), '1.9 MFLOPs');
  assert.equal(formatFlops(12), '12 FLOPs');
});
