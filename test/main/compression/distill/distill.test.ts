import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { distillationLoss } from '../../../../main/compression/distill/loss.ts';
import { logitsFn } from '../../../../main/compression/distill/logits.ts';
import { buildModel } from '../../../../main/model/builder.ts';
import { irisData, MLP32, train } from '../helpers.ts';

before(async () => {
  await tf.setBackend('cpu');
});

const softmax = (z: number[], t = 1) => {
  const e = z.map((v) => Math.exp(v / t));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};

test('the loss is α·T²·KL(teacher‖student) + (1−α)·CE, checked by hand', () => {
  const zs = [[1, 2, 0.5], [0.1, -1, 2]];
  const zt = [[3, 1, 0], [0, 0, 4]];
  const y = [1, 2];
  const T = 2;
  const alpha = 0.3;
  let kl = 0;
  let ce = 0;
  zs.forEach((row, i) => {
    const pt = softmax(zt[i]!, T);
    const ps = softmax(row, T);
    kl += pt.reduce((a, p, c) => a + p * Math.log(p / ps[c]!), 0);
    ce -= Math.log(softmax(row)[y[i]!]!);
  });
  const want = alpha * T * T * (kl / 2) + (1 - alpha) * (ce / 2);
  const got = tf.tidy(() => distillationLoss(tf.tensor2d(zs), tf.tensor2d(zt), tf.tensor1d(y), { temperature: T, alpha }).dataSync()[0]!);
  assert.ok(Math.abs(got - want) < 1e-5, `${got} vs ${want}`);
  // α = 0 is plain cross-entropy; identical logits make the KL term vanish.
  const same = tf.tidy(() => distillationLoss(tf.tensor2d(zs), tf.tensor2d(zs), tf.tensor1d(y), { temperature: 5, alpha: 1 }).dataSync()[0]!);
  assert.ok(Math.abs(same) < 1e-6);
});

test('logits of a softmax head: softmax(logits) equals the model output', () => {
  const model = buildModel(MLP32, { inputShape: [4], outputUnits: 3, task: 'classification' }, 2);
  const x = tf.randomNormal([5, 4], 0, 1, 'float32', 1);
  const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(tf.softmax(logitsFn(model)(x, false)), model.predict(x) as tf.Tensor))).dataSync()[0]!);
  assert.ok(diff < 1e-6);
  x.dispose();
  model.dispose();
});

test('a distilled run trains, reaches a sensible accuracy and leaks nothing', async () => {
  const teacher = await train(irisData(), { epochs: 20, optimizer: { kind: 'adam', learningRate: 0.02 }, batchSize: 16 });
  const tensors = tf.memory().numTensors;
  const student = await train(irisData(), { epochs: 15, optimizer: { kind: 'adam', learningRate: 0.02 }, batchSize: 16 }, {
    spec: { layers: [{ kind: 'dense', units: 4, activation: 'relu', useBias: true }] },
    plan: { distill: { teacherDir: teacher.input.artifactDir, temperature: 4, alpha: 0.7 } },
  });
  assert.equal(student.result.status, 'completed', student.result.error ?? '');
  assert.ok(student.result.metrics.val!.accuracy! >= 0.8, `val accuracy ${student.result.metrics.val!.accuracy}`);
  assert.equal(tf.memory().numTensors, tensors);
  teacher.cleanup();
  student.cleanup();
});
