/**
 * TrainInput.rows (ensemble members): training rows with repeats, sample
 * weights, replacement targets, feature masks and a member seed, within the
 * unchanged split of config.seed. Real training on iris and a linear problem.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { splitIndices } from '../../../main/data/split.ts';
import { trainRun, type TrainInput, type TrainRows } from '../../../main/train/trainer.ts';
import { collect, irisData, linearData, makeInput } from './helpers.ts';

before(async () => {
  await tf.setBackend('cpu');
});

const HP = { optimizer: { kind: 'adam', learningRate: 0.05 }, epochs: 12, batchSize: 16 } as const;

async function train(input: TrainInput, rows?: TrainRows) {
  try {
    const result = await trainRun({ ...input, rows }, collect());
    const split = result.status === 'completed' ? JSON.parse(readFileSync(join(input.artifactDir, 'split.json'), 'utf8')) : null;
    return { result, split };
  } finally {
    rmSync(input.artifactDir, { recursive: true, force: true });
  }
}

const irisSplit = (seed: number) => splitIndices(irisData().y, 'classification', { validation: 0.15, test: 0.15, stratify: true }, seed);

test('rows equal to the split\'s training rows train exactly like a plain run', async () => {
  const plain = await train(makeInput(irisData(), HP, { seed: 3 }));
  const rows = await train(makeInput(irisData(), HP, { seed: 3 }), { train: irisSplit(3).train });
  assert.equal(rows.result.status, 'completed', rows.result.error ?? '');
  assert.deepEqual(rows.result.metrics, plain.result.metrics);
  assert.deepEqual(rows.result.recipe, plain.result.recipe);
});

test('a bootstrap: the recipe is fitted on its distinct rows; validation and test rows stay the split\'s', async () => {
  const { train: trainRows } = irisSplit(4);
  const drawn = Int32Array.from({ length: trainRows.length }, (_, i) => trainRows[(i * 7) % 40]); // 40 distinct rows, repeated
  const { result, split } = await train(makeInput(irisData(), HP, { seed: 4 }), { train: drawn });
  assert.equal(result.status, 'completed', result.error ?? '');
  const distinct = [...new Set(drawn)];
  const { x } = irisData();
  const mean0 = distinct.reduce((s, r) => s + x[r * 4], 0) / distinct.length;
  assert.ok(Math.abs(result.recipe!.center[0] - mean0) < 1e-5, `center ${result.recipe!.center[0]} vs ${mean0}`);
  const expected = irisSplit(4);
  assert.deepEqual(split.val, Array.from(expected.val));
  assert.deepEqual(split.test, Array.from(expected.test));
});

test('a validation or test row among the training rows is refused: it would leak', async () => {
  const s = irisSplit(5);
  const { result } = await train(makeInput(irisData(), HP, { seed: 5 }), { train: Int32Array.of(...s.train.slice(0, 10), s.val[0]) });
  assert.equal(result.status, 'failed');
  assert.match(result.error ?? '', new RegExp(`row ${s.val[0]} is not one of this split's training rows`));
});

test('sample weights weigh the loss: uniform weights change nothing, zero weight on a class unlearns it', async () => {
  const s = irisSplit(6);
  const plain = await train(makeInput(irisData(), HP, { seed: 6 }));
  const twos = await train(makeInput(irisData(), HP, { seed: 6 }), { train: s.train, sampleWeights: new Float32Array(s.train.length).fill(2) });
  for (const k of ['loss', 'accuracy'] as const) {
    assert.ok(Math.abs(twos.result.metrics.val![k] - plain.result.metrics.val![k]) < 1e-5, `${k}: ${twos.result.metrics.val![k]} vs ${plain.result.metrics.val![k]}`);
  }
  const y = irisData().y;
  const noSetosa = Float32Array.from(s.train, (r) => (y[r] === 0 ? 0 : 1.5));
  const skewed = await train(makeInput(irisData(), HP, { seed: 6 }), { train: s.train, sampleWeights: noSetosa });
  assert.equal(skewed.result.status, 'completed', skewed.result.error ?? '');
  const confusion = skewed.result.metrics.confusion!;
  assert.ok(confusion[0][0] <= 1, `class 0 never weighed, yet ${confusion[0][0]} test rows of it are recognised`);
  assert.ok(plain.result.metrics.confusion![0][0] >= 5, 'the plain run recognises class 0');
  const bad = await train(makeInput(irisData(), HP, { seed: 6 }), { train: s.train, sampleWeights: new Float32Array(3) });
  assert.match(bad.result.error ?? '', /3 sample weights for \d+ training rows/);
});

test('targets replace y in training and in the run\'s own metrics (gradient boosting\'s residuals)', async () => {
  const data = linearData();
  const targets = Float32Array.from(data.y, (v) => -0.5 * v + 3);
  const hp = { optimizer: { kind: 'adam', learningRate: 0.02 }, epochs: 30, batchSize: 32 } as const;
  const s = splitIndices(data.y, 'regression', { validation: 0.15, test: 0.15, stratify: true }, 1);
  const { result } = await train(makeInput(data, hp), { train: s.train, targets });
  assert.equal(result.status, 'completed', result.error ?? '');
  assert.ok(result.metrics.val!.r2 > 0.8, `r2 against the targets ${result.metrics.val!.r2}`);
  assert.ok(Math.abs(result.recipe!.target!.center - mean(s.train, targets)) < 1e-4, 'the target scaling is fitted on the targets');
  const onIris = await train(makeInput(irisData(), HP), { train: irisSplit(1).train, targets: new Float32Array(150) });
  assert.match(onIris.result.error ?? '', /replacement targets are for regression runs/);
});

test('a feature mask trains exactly like the same data with those features constant', async () => {
  const data = irisData();
  const blanked = { ...data, x: Float32Array.from(data.x, (v, i) => (i % 4 >= 2 ? 0 : v)) };
  const masked = await train(makeInput(data, HP, { seed: 7 }), { train: irisSplit(7).train, featureMask: Uint8Array.of(1, 1, 0, 0) });
  const constant = await train(makeInput(blanked, HP, { seed: 7 }));
  assert.equal(masked.result.status, 'completed', masked.result.error ?? '');
  assert.deepEqual(masked.result.metrics, constant.result.metrics);
  const none = await train(makeInput(data, HP, { seed: 7 }), { train: irisSplit(7).train, featureMask: new Uint8Array(4) });
  assert.match(none.result.error ?? '', /keeps no feature/);
});

test('a member seed changes the initialisation and the shuffle, never the split', async () => {
  const base = await train(makeInput(irisData(), { ...HP, epochs: 3 }, { seed: 8 }), { train: irisSplit(8).train });
  const other = await train(makeInput(irisData(), { ...HP, epochs: 3 }, { seed: 8 }), { train: irisSplit(8).train, seed: 99 });
  assert.notDeepEqual(other.result.metrics, base.result.metrics);
  assert.deepEqual(other.split, base.split);
});

function mean(rows: Int32Array, values: Float32Array): number {
  let s = 0;
  for (const r of rows) s += values[r];
  return s / rows.length;
}
