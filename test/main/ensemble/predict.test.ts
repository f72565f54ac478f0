import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { checkSharedSplit, disposeMembers, loadMember, memberInputs, predictMember, predictMembers } from '../../../main/ensemble/predict.ts';
import { readRecipeFile } from '../../../main/train/artifacts.ts';
import { argmaxRows, logLoss, regressionMetrics } from '../../../main/train/metrics.ts';
import { irisData, linearData } from '../train/helpers.ts';
import { SPECS, removeMembers, trainMember, type TrainedMember } from './members.fixture.ts';

let member: TrainedMember;
const tmp = mkdtempSync(join(tmpdir(), 'mb-ensemble-predict-'));

before(async () => {
  await tf.setBackend('cpu');
  member = await trainMember(irisData(), SPECS.residual, 3, { optimizer: { kind: 'adam', learningRate: 0.03 }, epochs: 10, batchSize: 16, preprocess: 'minmax' });
});

after(() => {
  removeMembers([member]);
  rmSync(tmp, { recursive: true, force: true });
});

test("a stored member predicts its own test split as the trainer measured it (same recipe, same model)", async () => {
  const data = irisData();
  const split = JSON.parse(readFileSync(join(member.dir, 'split.json'), 'utf8')) as { test: number[] };
  const loaded = await loadMember(member.dir);
  try {
    assert.deepEqual([loaded.inputShape, loaded.outputs, loaded.recipe?.method], [[4], 3, 'minmax']);
    const tensors = tf.memory().numTensors;
    const probs = predictMember(loaded, data, split.test, 7); // odd batch size: several batches and a partial one
    assert.equal(tf.memory().numTensors, tensors, 'prediction disposes its tensors');
    const labels = split.test.map((r) => data.y[r]);
    const predicted = argmaxRows(probs, 3);
    const accuracy = labels.filter((y, i) => y === predicted[i]).length / labels.length;
    assert.equal(accuracy, member.metrics.test!.accuracy);
    assert.ok(Math.abs(logLoss(probs, 3, labels) - member.metrics.test!.loss!) < 1e-6, 'same loss as the trainer');
    // All rows = rows omitted.
    assert.deepEqual(predictMembers([loaded], data).values, predictMember(loaded, data, Array.from({ length: 150 }, (_, i) => i)));
  } finally {
    disposeMembers([loaded]);
  }
});

test('a regression member trained on standardised targets predicts in the target\'s units, as the trainer measured it', async () => {
  const data = linearData();
  const trained = await trainMember(data, SPECS.mlp, 4, { optimizer: { kind: 'adam', learningRate: 0.02 }, epochs: 10, batchSize: 32 });
  const loaded = await loadMember(trained.dir);
  try {
    assert.equal(loaded.recipe?.target?.method, 'standardize');
    const split = JSON.parse(readFileSync(join(trained.dir, 'split.json'), 'utf8')) as { val: number[] };
    const pred = predictMember(loaded, data, split.val);
    const { mse } = regressionMetrics(split.val.map((r) => data.y[r]), pred);
    assert.ok(Math.abs(mse - trained.metrics.val!.mse) <= 1e-5 * Math.max(1, mse), `mse ${mse} vs the trainer's ${trained.metrics.val!.mse}`);
  } finally {
    disposeMembers([loaded]);
    removeMembers([trained]);
  }
});

test('inputs: recipe then feature mask; rows outside the data are refused', async () => {
  const loaded = await loadMember(member.dir, Uint8Array.of(1, 0, 1, 0));
  try {
    const x = Float32Array.of(5, 3, 1.5, 0.2, 7, 3, 6, 2);
    const inputs = memberInputs(loaded, { x, y: new Float32Array(0) }, [1]);
    const r = loaded.recipe!;
    assert.deepEqual(Array.from(inputs), [(7 - r.center[0]) / r.scale[0], 0, (6 - r.center[2]) / r.scale[2], 0].map(Math.fround));
    assert.throws(() => memberInputs(loaded, { x, y: new Float32Array(0) }, [2]), { code: 'invalid_argument', message: /row 2 is outside the 2 input rows/ });
    assert.throws(() => memberInputs(loaded, { x: x.subarray(0, 5), y: new Float32Array(0) }), { code: 'invalid_argument' });
  } finally {
    disposeMembers([loaded]);
  }
  await assert.rejects(loadMember(member.dir, Uint8Array.of(1, 0)), { code: 'invalid_argument', message: /feature mask has 2 entries for 4 features/ });
  await assert.rejects(loadMember(member.dir, new Uint8Array(4)), { code: 'invalid_argument', message: /keeps no feature/ });
});

test('recipe.json: missing, broken or not a recipe gives a clear error', () => {
  assert.throws(() => readRecipeFile(tmp), { code: 'not_found', message: /has no recipe.json/ });
  writeFileSync(join(tmp, 'recipe.json'), '{ nope');
  assert.throws(() => readRecipeFile(tmp), { code: 'bad_data', message: /not valid JSON/ });
  writeFileSync(join(tmp, 'recipe.json'), '{"method":"standardize"}');
  assert.throws(() => readRecipeFile(tmp), { code: 'bad_data', message: /not a preprocessing recipe/ });
  writeFileSync(join(tmp, 'recipe.json'), 'null');
  assert.equal(readRecipeFile(tmp), null);
});

test('members must share one split: the first that differs is named', () => {
  const same = checkSharedSplit([{ name: 'run a', dir: member.dir }, { name: 'run b', dir: member.dir }]);
  assert.equal(same.train.length + same.val.length + same.test.length, 150);
  const other = join(tmp, 'other');
  mkdirSync(other, { recursive: true });
  // The same rows in another order is the same split; one row moved from validation to training is not.
  writeFileSync(join(other, 'split.json'), JSON.stringify({ ...same, val: [...same.val].reverse() }));
  checkSharedSplit([{ name: 'run a', dir: member.dir }, { name: 'run c', dir: other }]);
  writeFileSync(join(other, 'split.json'), JSON.stringify({ train: [...same.train, same.val[0]], val: same.val.slice(1), test: same.test }));
  assert.throws(() => checkSharedSplit([{ name: 'run a', dir: member.dir }, { name: 'run c', dir: other }]), {
    code: 'invalid_argument',
    message: "run c was trained on another split than run a (a different seed or split setting); an ensemble's members must share one split",
  });
  assert.throws(() => checkSharedSplit([{ name: 'run a', dir: member.dir }, { name: 'run d', dir: join(tmp, 'missing') }]), { code: 'not_found' });
});
