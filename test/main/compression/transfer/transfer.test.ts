import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { layersToFreeze, specPosition } from '../../../../main/compression/transfer/freeze.ts';
import { warmStartModel } from '../../../../main/compression/transfer/warm-start.ts';
import { irisData, MLP32, train } from '../helpers.ts';

before(async () => {
  await tf.setBackend('cpu');
});

test('spec positions are read back from builder layer names', () => {
  assert.equal(specPosition('dense_1'), 1);
  assert.equal(specPosition('conv2d_12_leaky_relu'), 12);
  assert.equal(specPosition('res3_conv2d_1'), 3);
  assert.equal(specPosition('res3_add'), 3);
  assert.equal(specPosition('globalAvgPool2d_4'), 4);
  assert.equal(specPosition('my layer'), null);
  assert.deepEqual(layersToFreeze(['conv2d_1', 'conv2d_1_prelu', 'res2_conv2d_1', 'res2_add', 'flatten_3'], 2), {
    freeze: ['conv2d_1', 'conv2d_1_prelu', 'res2_conv2d_1', 'res2_add'],
    available: 3,
  });
  // Imported names: k counts model layers.
  assert.deepEqual(layersToFreeze(['a', 'b', 'c'], 2), { freeze: ['a', 'b'], available: 3 });
});

test('warm start: new head for other classes, first k layers frozen, shapes checked', async () => {
  const src = await train(irisData(), { epochs: 3 });
  const io = { inputShape: [4], outputUnits: 5, task: 'classification' as const };
  const model = await warmStartModel({ modelDir: src.input.artifactDir, freeze: 1, newHead: true }, io, 1);
  assert.deepEqual(model.outputs[0]!.shape, [null, 5]);
  assert.deepEqual(model.layers.filter((l) => !l.trainable && l.getClassName() !== 'InputLayer').map((l) => l.name), ['dense_1']);
  assert.equal(model.trainableWeights.length, 4); // dense_2 + new head
  model.dispose();
  await assert.rejects(warmStartModel({ modelDir: src.input.artifactDir }, io, 1), /has 3 outputs but the dataset needs 5/);
  await assert.rejects(
    warmStartModel({ modelDir: src.input.artifactDir, newHead: true }, { ...io, inputShape: [8, 8, 1] }, 1),
    /takes inputs of shape \[4\] but the dataset's samples have shape \[8, 8, 1\]/,
  );
  await assert.rejects(warmStartModel({ modelDir: src.input.artifactDir, freeze: 3, newHead: true }, io, 1), /Cannot freeze 3 layers: the model has 2/);
  src.cleanup();
});

test('frozen layers keep their weights through fine-tuning', async () => {
  const src = await train(irisData(), { epochs: 3 }, { spec: MLP32 });
  const tuned = await train(irisData(), { epochs: 3, optimizer: { kind: 'adam', learningRate: 0.05 } }, { plan: { init: { modelDir: src.input.artifactDir, freeze: 1 } } });
  assert.equal(tuned.result.status, 'completed', tuned.result.error ?? '');
  const a = await warmStartModel({ modelDir: src.input.artifactDir }, { inputShape: [4], outputUnits: 3, task: 'classification' }, 1);
  const b = await warmStartModel({ modelDir: tuned.input.artifactDir }, { inputShape: [4], outputUnits: 3, task: 'classification' }, 1);
  const w = (m: tf.LayersModel, l: string) => Array.from(m.getLayer(l).getWeights()[0]!.dataSync());
  assert.deepEqual(w(a, 'dense_1'), w(b, 'dense_1'));
  assert.notDeepEqual(w(a, 'dense_2'), w(b, 'dense_2'));
  a.dispose();
  b.dispose();
  src.cleanup();
  tuned.cleanup();
});
