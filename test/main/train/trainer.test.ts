import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { parseCsvDataset } from '../../../main/data/csv.ts';
import { MODEL_PRESETS } from '../../../main/model/presets.ts';
import { trainRun } from '../../../main/train/trainer.ts';
import { packageRoot } from '../../../main/util/package-root.ts';
import { collect, epochEvents, irisData, linearData, makeInput } from './helpers.ts';

before(async () => {
  await tf.setBackend('cpu');
});

test('iris: an MLP reaches ≥ 0.9 validation accuracy and writes its artifacts', async () => {
  const input = makeInput(irisData(), { optimizer: { kind: 'adam', learningRate: 0.05 }, epochs: 25, batchSize: 16 });
  const { events, onEvent } = collect();
  const r = await trainRun(input, { onEvent });
  assert.equal(r.status, 'completed', r.error ?? '');
  assert.equal(r.epochsDone, 25);
  assert.ok(r.metrics.val!.accuracy! >= 0.9, `val accuracy ${r.metrics.val!.accuracy}`);
  for (const k of ['loss', 'accuracy', 'precision', 'recall', 'f1']) assert.ok(Number.isFinite(r.metrics.test![k]), k);
  assert.equal(r.metrics.confusion!.length, 3);
  assert.equal(r.paramCount, 4 * 16 + 16 + 16 * 3 + 3);
  assert.ok(r.recipe && r.recipe.method === 'standardize');
  assert.equal(events[0]!.type, 'started');
  // No 'finished' event from the trainer: the run lifecycle announces the end once it is stored.
  assert.ok(events.every((e) => e.type !== 'finished'));
  const epochs = epochEvents(events);
  assert.equal(epochs.length, 25);
  assert.deepEqual(epochs.map((e) => e.epoch), Array.from({ length: 25 }, (_, i) => i + 1));
  assert.ok(epochs.every((e) => e.elapsedMs >= 0 && e.etaMs >= 0 && e.learningRate === 0.05));
  assert.equal(epochs.at(-1)!.etaMs, 0);
  assert.ok(events.some((e) => e.type === 'batch'));
  for (const f of ['model.json', 'weights.bin', 'recipe.json', 'split.json']) assert.ok(existsSync(join(input.artifactDir, f)), f);
  const split = JSON.parse(readFileSync(join(input.artifactDir, 'split.json'), 'utf8'));
  assert.equal(split.train.length + split.val.length + split.test.length, 150);
  // The confusion matrix is over the test split: rows = true class, columns = predicted.
  assert.equal(r.metrics.confusion!.flat().reduce((a: number, b: number) => a + b, 0), split.test.length);
  rmSync(input.artifactDir, { recursive: true, force: true });
});

test('regression on a synthetic linear problem gets r2 > 0.8', async () => {
  const input = makeInput(linearData(), { optimizer: { kind: 'adam', learningRate: 0.02 }, epochs: 30, batchSize: 32 });
  const r = await trainRun(input, collect());
  assert.equal(r.status, 'completed', r.error ?? '');
  assert.ok(r.metrics.val!.r2! > 0.8, `val r2 ${r.metrics.val!.r2}`);
  assert.deepEqual(Object.keys(r.metrics.val!).sort(), ['loss', 'mae', 'mse', 'r2']);
  assert.equal(r.metrics.confusion, undefined);
  rmSync(input.artifactDir, { recursive: true, force: true });
});

test('regression targets are standardised by default: the loss starts near 1, metrics stay in the target\'s units', async () => {
  // breast_cancer's mean_area (about 650 ± 350): unscaled, the mse starts in the hundreds of thousands and
  // the default model is still far from done after its epochs.
  const text = readFileSync(join(packageRoot, 'assets', 'samples', 'breast_cancer.csv'), 'utf8');
  const data = parseCsvDataset(text, { label: 'mean_area', task: 'regression' });
  const spec = MODEL_PRESETS.find((p) => p.id === 'mlp-small')!.spec;
  const results = [];
  for (const targetScaling of ['standardize', 'none'] as const) {
    const input = makeInput(data, targetScaling === 'standardize' ? {} : { targetScaling }, { spec });
    assert.equal(input.config.hyperparams.targetScaling, targetScaling);
    const { events, onEvent } = collect();
    const r = await trainRun(input, { onEvent });
    assert.equal(r.status, 'completed', r.error ?? '');
    const recipe = JSON.parse(readFileSync(join(input.artifactDir, 'recipe.json'), 'utf8'));
    assert.deepEqual(recipe.target, r.recipe!.target);
    results.push({ r, first: epochEvents(events)[0]!.train.loss!, target: recipe.target });
    rmSync(input.artifactDir, { recursive: true, force: true });
  }
  const [standard, none] = results;
  assert.ok(standard!.first < 2, `standardised loss starts at ${standard!.first}`);
  assert.ok(none!.first > 1e4, `unscaled loss starts at ${none!.first}`);
  assert.ok(standard!.target.method === 'standardize' && standard!.target.center > 500 && standard!.target.scale > 200);
  assert.deepEqual(none!.target, { method: 'none', center: 0, scale: 1 });
  // Same units for both: the standardised run is the better model by far.
  assert.ok(standard!.r.metrics.test!.r2! > 0.9, `standardised test r2 ${standard!.r.metrics.test!.r2}`);
  assert.ok(none!.r.metrics.test!.r2! < 0.7, `unscaled test r2 ${none!.r.metrics.test!.r2}`);
  assert.ok(standard!.r.metrics.test!.mse! < none!.r.metrics.test!.mse! / 3);
});

test('a huge learning rate diverges with a clear message', async () => {
  const input = makeInput(linearData(), { optimizer: { kind: 'sgd', learningRate: 1e6 }, epochs: 5, batchSize: 16 });
  const { events, onEvent } = collect();
  const r = await trainRun(input, { onEvent });
  assert.equal(r.status, 'diverged');
  assert.match(r.error ?? '', /^Loss became (NaN|Infinity) at epoch \d+, batch \d+: lower the learning rate \(now 1000000\) or add gradient clipping \(hyperparams.gradientClip\)$/);
  assert.ok(events.some((e) => e.type === 'started'));
  assert.ok(!existsSync(join(input.artifactDir, 'model.json')));
  rmSync(input.artifactDir, { recursive: true, force: true });
});

test('aborting the signal cancels the run between batches', async () => {
  const input = makeInput(irisData(), { epochs: 500, batchSize: 4 });
  const controller = new AbortController();
  const { events } = collect();
  const r = await trainRun(input, {
    signal: controller.signal,
    onEvent: (e) => {
      events.push(e);
      if (e.type === 'epoch' && e.epoch === 2) controller.abort();
    },
  });
  assert.equal(r.status, 'cancelled');
  assert.equal(r.epochsDone, 2);
  assert.equal(r.error, null);
  assert.ok(r.metrics.val && r.metrics.train);
  rmSync(input.artifactDir, { recursive: true, force: true });
});

test('a timer can abort a run mid-epoch (the trainer yields to the event loop)', async () => {
  const input = makeInput(irisData(), { epochs: 10000, batchSize: 1 });
  const { events, onEvent } = collect();
  const t0 = performance.now();
  const r = await trainRun(input, { signal: AbortSignal.timeout(300), onEvent });
  const ms = performance.now() - t0;
  assert.equal(r.status, 'cancelled');
  assert.ok(ms < 2000, `took ${ms} ms to cancel`);
  // 'batch' events are throttled to about 10 per second although there are hundreds of batches.
  const batchEvents = events.filter((e) => e.type === 'batch').length;
  assert.ok(batchEvents >= 1 && batchEvents <= ms / 100 + 2, `${batchEvents} batch events in ${ms} ms`);
  rmSync(input.artifactDir, { recursive: true, force: true });
});

test('early stopping stops before max epochs and restores the best weights', async () => {
  const input = makeInput(irisData(), {
    optimizer: { kind: 'adam', learningRate: 0.05 },
    epochs: 300,
    batchSize: 16,
    earlyStopping: { monitor: 'val_loss', patience: 3, minDelta: 0.001 },
  });
  const { events, onEvent } = collect();
  const r = await trainRun(input, { onEvent });
  assert.equal(r.status, 'completed', r.error ?? '');
  assert.ok(r.epochsDone < 300, `ran ${r.epochsDone} epochs`);
  const epochs = epochEvents(events);
  const best = r.metrics.bestEpoch!;
  assert.equal(r.epochsDone, best + 3);
  const bestLoss = Math.min(...epochs.map((e) => e.val.loss!));
  assert.equal(epochs[best - 1]!.val.loss, bestLoss);
  // The final validation metrics are re-measured after the restore: they are the best epoch's exactly.
  assert.deepEqual(r.metrics.val, epochs[best - 1]!.val);
  assert.notDeepEqual(r.metrics.val, epochs.at(-1)!.val);
  rmSync(input.artifactDir, { recursive: true, force: true });
});

test('the same seed gives identical metrics; another seed does not', async () => {
  const hp = { optimizer: { kind: 'adam', learningRate: 0.02 }, epochs: 4, batchSize: 16, augmentation: { noiseStd: 0.05 } } as const;
  const runs = [];
  for (const seed of [5, 5, 6]) {
    const input = makeInput(irisData(), hp, { seed });
    runs.push(await trainRun(input, collect()));
    rmSync(input.artifactDir, { recursive: true, force: true });
  }
  assert.equal(runs[0]!.status, 'completed', runs[0]!.error ?? '');
  assert.deepEqual(runs[0]!.metrics, runs[1]!.metrics);
  assert.notDeepEqual(runs[0]!.metrics, runs[2]!.metrics);
});

test('a spec that cannot be built fails with the builder message', async () => {
  const input = makeInput(irisData(), { epochs: 1 }, { spec: { layers: [{ kind: 'conv2d', filters: 4, kernelSize: 3, strides: 1, padding: 'valid', activation: 'relu', useBias: true }] } });
  const { events, onEvent } = collect();
  const r = await trainRun(input, { onEvent });
  assert.equal(r.status, 'failed');
  assert.ok(r.error && r.error.length > 0);
  assert.equal(events.length, 0, 'it failed before it started');
  rmSync(input.artifactDir, { recursive: true, force: true });
});

test('the learning-rate schedule reaches the optimizer each epoch', async () => {
  const input = makeInput(irisData(), { optimizer: { kind: 'sgd', learningRate: 0.08 }, schedule: { kind: 'exponential', gamma: 0.5 }, epochs: 3 });
  const { events, onEvent } = collect();
  const r = await trainRun(input, { onEvent });
  assert.equal(r.status, 'completed', r.error ?? '');
  assert.deepEqual(epochEvents(events).map((e) => e.learningRate), [0.08, 0.04, 0.02]);
  rmSync(input.artifactDir, { recursive: true, force: true });
});
