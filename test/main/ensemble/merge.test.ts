/**
 * The merged ensemble is one tfjs Layers model that the official loader reads
 * and that predicts what the members predict, combined: trained members on
 * iris (MLP with standardize, residual block with minmax, batch norm with no
 * scaling, attention), on a regression set (with a feature mask), and a conv
 * net on digits (per-channel recipe); saved with main/model/io.ts, loaded with
 * tf.loadLayersModel over HTTP, compared with predictMembers + the combiner's
 * maths (max abs diff ≤ 1e-5).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { fitRecipe } from '../../../main/data/preprocess.ts';
import { loadSample } from '../../../main/data/samples.ts';
import { saveModelFiles } from '../../../main/model/io.ts';
import { buildModel } from '../../../main/model/builder.ts';
import { writeRecipe } from '../../../main/train/artifacts.ts';
import { averageCombiner, mergeMembers } from '../../../main/ensemble/merge.ts';
import { disposeMembers, loadMember, predictMembers, type LoadedMember } from '../../../main/ensemble/predict.ts';
import { averagePredictions } from '../../../main/ensemble/math/voting.ts';
import { fitLogistic } from '../../../main/ensemble/math/logistic.ts';
import { metaFeatures, predictMeta } from '../../../main/ensemble/math/meta.ts';
import { featureSubset } from '../../../main/ensemble/math/bagging.ts';
import { serveFolder } from '../export/serve-folder.ts';
import { irisData, linearData } from '../train/helpers.ts';
import { SPECS, removeMembers, trainMember, type TrainedMember } from './members.fixture.ts';

const STANDARD_CLASSES = new Set(['InputLayer', 'Dense', 'BatchNormalization', 'Activation', 'ELU', 'LeakyReLU', 'Add', 'Reshape', 'Flatten', 'Concatenate', 'Conv2D', 'MaxPooling2D']);

const tmp = mkdtempSync(join(tmpdir(), 'mb-ensemble-merge-'));
const trained: TrainedMember[] = [];
let iris: TrainedMember[] = [];

before(async () => {
  await tf.setBackend('cpu');
  const hp = (preprocess: 'standardize' | 'minmax' | 'none') => ({ optimizer: { kind: 'adam', learningRate: 0.03 }, epochs: 12, batchSize: 16, preprocess }) as const;
  iris = [
    await trainMember(irisData(), SPECS.mlp, 1, hp('standardize')),
    await trainMember(irisData(), SPECS.residual, 2, hp('minmax')),
    await trainMember(irisData(), SPECS.batchNorm, 3, hp('none')),
    await trainMember(irisData(), SPECS.attention, 4, hp('standardize')),
  ];
  trained.push(...iris);
});

after(() => {
  removeMembers(trained);
  rmSync(tmp, { recursive: true, force: true });
});

/** Saves the merged model, loads it with the official loader over HTTP, predicts raw rows. */
async function officialPredictions(model: tf.LayersModel, name: string, x: Float32Array, inputShape: number[]): Promise<{ values: Float32Array; classNames: string[] }> {
  const dir = join(tmp, name);
  await saveModelFiles(model, dir);
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  const classNames = (json.modelTopology.config.layers as { class_name: string }[]).map((l) => l.class_name);
  const { server, url } = await serveFolder(dir);
  try {
    const loaded = await tf.loadLayersModel(`${url}/model.json`);
    const xs = tf.tensor(x, [x.length / inputShape.reduce((a, b) => a * b, 1), ...inputShape]);
    const out = loaded.predict(xs) as tf.Tensor;
    const values = out.dataSync() as Float32Array;
    tf.dispose([xs, out]);
    loaded.dispose();
    return { values, classNames };
  } finally {
    server.close();
  }
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

test('weighted soft voting over MLP/standardize, residual/minmax and batch-norm/none members: one standard-layer model, equal to the combined member predictions', async (t) => {
  const data = irisData();
  const members = await Promise.all(iris.slice(0, 3).map((m) => loadMember(m.dir)));
  try {
    assert.deepEqual(members.map((m) => m.recipe?.method), ['standardize', 'minmax', 'none']);
    const tensorsBefore = tf.memory().numTensors;
    const merged = mergeMembers(members, averageCombiner([5, 3, 2], 3), 'classification');
    const { values, classNames } = await officialPredictions(merged, 'soft', data.x, data.inputShape);
    merged.dispose();
    assert.equal(tf.memory().numTensors, tensorsBefore, 'merging and disposing leaves no tensors behind');

    assert.ok(classNames.every((c) => STANDARD_CLASSES.has(c)), `only standard layers: ${[...new Set(classNames)]}`);
    assert.ok(classNames.includes('Add') && classNames.includes('BatchNormalization'));
    const expected = averagePredictions(predictMembers(members, data), [0.5, 0.3, 0.2]);
    const diff = maxAbsDiff(values, expected);
    t.diagnostic(`max abs diff ${diff}`);
    assert.ok(diff <= 1e-5, `max abs diff ${diff}`);
    // The members disagree enough that a wrong branch or weight would show.
    const single = predictMembers(members.slice(0, 1), data).values;
    assert.ok(maxAbsDiff(values, single) > 1e-3);
  } finally {
    disposeMembers(members);
  }
});

test('a stacking meta-learner (logistic) over four members, one with attention: the merged graph equals predictMeta on the members', async (t) => {
  const data = irisData();
  const members = await Promise.all(iris.map((m) => loadMember(m.dir)));
  try {
    const set = predictMembers(members, data);
    const features = metaFeatures(set.values, set.members, set.rows, set.outputs);
    const fit = fitLogistic({ features, rows: set.rows, cols: 12, targets: data.y, task: 'classification', outputs: 3 }, { l2: 1e-2 });
    const meta = { kind: 'logistic' as const, layers: [fit.layer] };
    const merged = mergeMembers(members, { kind: 'meta', model: meta }, 'classification');
    const { values, classNames } = await officialPredictions(merged, 'stacked', data.x, data.inputShape);
    merged.dispose();
    assert.ok(classNames.includes('MultiHeadSelfAttention'), 'the attention member keeps its registered layer');
    const diff = maxAbsDiff(values, predictMeta(meta, features, set.rows));
    t.diagnostic(`max abs diff ${diff}`);
    assert.ok(diff <= 1e-5, `max abs diff ${diff}`);
  } finally {
    disposeMembers(members);
  }
});

test('regression, gradient-boosting form (bias + shrunk members), one member behind a random feature mask', async (t) => {
  const data = linearData();
  const hp = (preprocess: 'standardize' | 'minmax') => ({ optimizer: { kind: 'adam', learningRate: 0.02 }, epochs: 8, batchSize: 32, preprocess }) as const;
  const runs = [await trainMember(data, SPECS.mlp, 5, hp('standardize')), await trainMember(data, SPECS.residual, 6, hp('minmax'))];
  trained.push(...runs);
  const mask = featureSubset(3, 9, 1, 0.67);
  assert.equal(mask.reduce((a, b) => a + b, 0), 2);
  const members = [await loadMember(runs[0].dir), await loadMember(runs[1].dir, mask)];
  try {
    const merged = mergeMembers(members, { kind: 'linear', weights: [0.3, 0.3], bias: [0.5] }, 'regression');
    const { values } = await officialPredictions(merged, 'boosted', data.x, data.inputShape);
    merged.dispose();
    const set = predictMembers(members, data);
    const expected = Float32Array.from({ length: set.rows }, (_, r) => 0.5 + 0.3 * set.values[r] + 0.3 * set.values[set.rows + r]);
    const diff = maxAbsDiff(values, expected);
    t.diagnostic(`max abs diff ${diff}`);
    assert.ok(diff <= 1e-5, `max abs diff ${diff}`);
    // The mask matters: without it the second member predicts differently.
    const unmasked = predictMembers([members[0], { ...members[1], featureMask: null }], data);
    assert.ok(maxAbsDiff(unmasked.values, set.values) > 1e-3);
  } finally {
    disposeMembers(members);
  }
});

test('images: conv members on digits with per-channel recipes', async (t) => {
  const digits = loadSample('digits');
  const hp = (preprocess: 'standardize' | 'minmax') => ({ optimizer: { kind: 'adam', learningRate: 0.01 }, epochs: 1, batchSize: 64, preprocess }) as const;
  const runs = [await trainMember(digits, SPECS.conv, 7, hp('standardize')), await trainMember(digits, SPECS.conv, 8, hp('minmax'))];
  trained.push(...runs);
  const members = await Promise.all(runs.map((r) => loadMember(r.dir)));
  try {
    assert.deepEqual(members.map((m) => m.recipe?.axis), ['channel', 'channel']);
    const rows = Int32Array.from({ length: 300 }, (_, i) => i * 5);
    const x = new Float32Array(rows.length * 64);
    rows.forEach((r, i) => x.set(digits.x.subarray(r * 64, r * 64 + 64), i * 64));
    const merged = mergeMembers(members, averageCombiner(undefined, 2), 'classification');
    const { values } = await officialPredictions(merged, 'conv', x, digits.inputShape);
    merged.dispose();
    const diff = maxAbsDiff(values, averagePredictions(predictMembers(members, digits, rows)));
    t.diagnostic(`max abs diff ${diff}`);
    assert.ok(diff <= 1e-5, `max abs diff ${diff}`);
    await assert.rejects(loadMember(runs[0].dir, new Uint8Array(64).fill(1)), { code: 'invalid_argument', message: /feature subsets apply to tabular data/ });
  } finally {
    disposeMembers(members);
  }
});

test('sequence inputs [steps, values]: every member recipe, fitted as the trainer fits it (per value column), is inside its branch', async (t) => {
  const inputShape = [2, 3];
  const x = Float32Array.from({ length: 40 * 6 }, (_, i) => Math.sin(i) * 10 + (i % 3) * 5);
  const dirs = [join(tmp, 'seq-a'), join(tmp, 'seq-b')];
  for (const [i, dir] of dirs.entries()) {
    const model = buildModel({ layers: [{ kind: 'flatten' }, { kind: 'dense', units: 5, activation: 'tanh', useBias: true }] }, { inputShape, outputUnits: 1, task: 'regression' }, 20 + i);
    await saveModelFiles(model, dir);
    model.dispose();
    // Each member fitted on its own rows, as the trainer does: different centers and scales per branch.
    const recipe = fitRecipe(i === 0 ? 'standardize' : 'minmax', x, inputShape, Int32Array.from({ length: 20 }, (_, r) => r + i * 20));
    assert.equal(recipe.center.length, 3, 'one entry per value column');
    writeRecipe(dir, recipe);
  }
  const members: LoadedMember[] = await Promise.all(dirs.map((d) => loadMember(d)));
  try {
    const merged = mergeMembers(members, { kind: 'linear', weights: [1, -1] }, 'regression');
    const { values, classNames } = await officialPredictions(merged, 'seq', x, inputShape);
    merged.dispose();
    assert.ok(classNames.includes('BatchNormalization'));
    const set = predictMembers(members, { x, y: new Float32Array(0) });
    const diff = maxAbsDiff(values, Float32Array.from({ length: 40 }, (_, r) => set.values[r] - set.values[40 + r]));
    t.diagnostic(`max abs diff ${diff}`);
    assert.ok(diff <= 1e-5, `max abs diff ${diff}`);
  } finally {
    disposeMembers(members);
  }
});

test('bad merges are refused with clear messages', async () => {
  const members = await Promise.all(iris.slice(0, 2).map((m) => loadMember(m.dir)));
  try {
    assert.throws(() => mergeMembers([], averageCombiner(undefined, 1), 'classification'), { code: 'invalid_argument', message: /needs members/ });
    // One member (selection's best member alone) merges into a model that predicts as it does.
    const single = mergeMembers(members.slice(0, 1), averageCombiner(undefined, 1), 'classification');
    const x = irisData().x.subarray(0, 40);
    const xs = tf.tensor2d(x, [10, 4]);
    const out = single.predict(xs) as tf.Tensor;
    assert.ok(maxAbsDiff(out.dataSync() as Float32Array, predictMembers(members.slice(0, 1), { x, y: new Float32Array(0) }).values) <= 1e-6);
    tf.dispose([xs, out]);
    single.dispose();
    assert.throws(() => mergeMembers(members, { kind: 'linear', weights: [0.7, 0.7] }, 'classification'), { code: 'invalid_argument', message: /averages probabilities/ });
    assert.throws(() => mergeMembers(members, { kind: 'linear', weights: [0.5, 0.5], bias: [0, 0, 0] }, 'classification'), { code: 'invalid_argument' });
    assert.throws(() => mergeMembers(members, { kind: 'linear', weights: [1] }, 'classification'), { message: /1 weights for 2 members/ });
    const layer = { inputs: 5, units: 3, kernel: new Float32Array(15), bias: new Float32Array(3), activation: 'softmax' as const };
    assert.throws(() => mergeMembers(members, { kind: 'meta', model: { kind: 'logistic', layers: [layer] } }, 'classification'), { message: /meta-layer 1 has 5×3 weights but receives 6 inputs/ });
    const linear = { ...layer, inputs: 6, kernel: new Float32Array(18), activation: 'linear' as const };
    assert.throws(() => mergeMembers(members, { kind: 'meta', model: { kind: 'linear', layers: [linear] } }, 'classification'), { message: /must end in 3 softmax units/ });
    const odd = { ...members[1], inputShape: [5] };
    assert.throws(() => mergeMembers([members[0], odd], averageCombiner(undefined, 2), 'classification'), { message: /member 1 takes inputs of shape \[5\], member 0 \[4\]; members must share a dataset/ });
  } finally {
    disposeMembers(members);
  }
});
