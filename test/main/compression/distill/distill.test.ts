import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { distillationLoss } from '../../../../main/compression/distill/loss.ts';
import { logitsFn } from '../../../../main/compression/distill/logits.ts';
import { buildModel } from '../../../../main/model/builder.ts';
import { rmSync } from 'node:fs';
import type { HyperParamsInput, ModelSpec } from '../../../../main/api/schemas.ts';
import type { TrainPlan } from '../../../../main/compression/types.ts';
import type { ParsedDataset } from '../../../../main/data/types.ts';
import { trainRun } from '../../../../main/train/trainer.ts';
import { collect, makeInput } from '../../train/helpers.ts';
import { digitsData, irisData, MLP32, train } from '../helpers.ts';

/** The 8x8 digits are images: flatten first. */
const DIGITS_MLP: ModelSpec = { layers: [{ kind: 'flatten' }, { kind: 'dense', units: 32, activation: 'relu', useBias: true }] };

/** Like helpers' train, keeping the run's events (batch losses). */
async function trainWithEvents(data: ParsedDataset, hp: HyperParamsInput, opts: { seed: number; plan: TrainPlan }) {
  const input = { ...makeInput(data, hp, { spec: DIGITS_MLP, seed: opts.seed }), plan: opts.plan };
  const c = collect();
  const result = await trainRun(input, c);
  return { result, events: c.events, cleanup: () => rmSync(input.artifactDir, { recursive: true, force: true }) };
}

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

/*
 * Alignment. The soft targets must come from the very rows (preprocessed, augmented)
 * that the student's batch holds. A student that starts as an exact copy of the
 * teacher, trained with α = 1, then has identical logits on every batch: the loss
 * is 0 at every step and its gradient is 0, so it stays 0. Teacher targets from
 * other rows (a cache indexed by batch number while the trainer reshuffles, the
 * un-augmented batch, another split or preprocessing) give a loss of the order
 * of the KL between two different digits' predictions, far above 1e-4.
 */
test('a student that is a copy of the teacher has zero distillation loss on every batch (shuffled, augmented)', async () => {
  const hp = { epochs: 12, optimizer: { kind: 'adam' as const, learningRate: 0.01 }, batchSize: 32, preprocess: 'standardize' as const };
  const teacher = await train(digitsData(), hp, { seed: 5, spec: DIGITS_MLP });
  assert.equal(teacher.result.status, 'completed', teacher.result.error ?? '');
  const dir = teacher.input.artifactDir;
  // Plain SGD: the gradient at the optimum is float noise (~1e-8), which SGD leaves there, whereas
  // Adam divides it by its own scale and walks the copy away from the teacher by ~lr per step.
  const augmented = {
    ...hp, epochs: 2, optimizer: { kind: 'sgd' as const, learningRate: 0.05 },
    augmentation: { rotateDegrees: 15, noiseStd: 0.1, erasingProbability: 0.5 },
  };
  const run = await trainWithEvents(digitsData(), augmented, {
    seed: 5,
    plan: { init: { modelDir: dir }, distill: { teacherDir: dir, temperature: 3, alpha: 1 } },
  });
  assert.equal(run.result.status, 'completed', run.result.error ?? '');
  const losses = run.events.flatMap((e) => (e.type === 'batch' || e.type === 'epoch' ? [e.type === 'batch' ? e.loss : e.train.loss!] : []));
  assert.ok(losses.length >= 2);
  for (const loss of losses) assert.ok(Math.abs(loss) < 1e-4, `distillation loss ${loss} of a copy of the teacher`);
  // Unchanged weights: same accuracy as the teacher.
  assert.equal(run.result.metrics.val!.accuracy, teacher.result.metrics.val!.accuracy);
  teacher.cleanup();
  run.cleanup();
});

test('with α = 1 (soft targets only, labels unused) a student of the teacher\'s architecture reaches the teacher\'s accuracy', async () => {
  const hp = { epochs: 12, optimizer: { kind: 'adam' as const, learningRate: 0.01 }, batchSize: 32, preprocess: 'standardize' as const };
  const teacher = await train(digitsData(), hp, { seed: 5, spec: DIGITS_MLP });
  const teacherAcc = teacher.result.metrics.val!.accuracy!;
  assert.ok(teacherAcc > 0.9, `teacher val accuracy ${teacherAcc}`);
  // Same seed as the teacher: same split and preprocessing, so the teacher never grades rows it held out.
  const student = await train(digitsData(), hp, { seed: 5, spec: DIGITS_MLP, plan: { distill: { teacherDir: teacher.input.artifactDir, temperature: 2, alpha: 1 } } });
  const acc = student.result.metrics.val!.accuracy!;
  // Misaligned soft targets would teach a label that is wrong for ~90% of the rows: near-chance accuracy.
  assert.ok(acc >= teacherAcc - 0.03, `student ${acc} vs teacher ${teacherAcc}`);
  teacher.cleanup();
  student.cleanup();
});
