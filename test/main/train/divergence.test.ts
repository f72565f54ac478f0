/**
 * Divergence in every task (main/train/divergence.ts): the rules fire on runs
 * that blew up — every optimizer at a learning rate of 1e6 on iris, on the
 * generic tape path (cpu) and the wasm dense-stack fast path, and on a
 * regression set — and never on healthy runs: the sample datasets with default
 * settings over several seeds, with the margins to each threshold checked.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { HyperParamsInput, ModelSpec } from '../../../main/api/schemas.ts';
import { initBackend } from '../../../main/backend/select.ts';
import { parseCsvDataset } from '../../../main/data/csv.ts';
import { loadSample } from '../../../main/data/samples.ts';
import type { ParsedDataset } from '../../../main/data/types.ts';
import { buildModel } from '../../../main/model/builder.ts';
import { MODEL_PRESETS } from '../../../main/model/presets.ts';
import {
  batchDivergence,
  EXPLOSION_FACTOR,
  epochDivergence,
  firstNonFinite,
  saturationThreshold,
  trivialLoss,
} from '../../../main/train/divergence.ts';
import { CROSS_ENTROPY_CEILING } from '../../../main/train/probability-clip.ts';
import { usesDenseStackPath } from '../../../main/train/step.ts';
import { trainRun } from '../../../main/train/trainer.ts';
import { packageRoot } from '../../../main/util/package-root.ts';
import { collect, epochEvents, irisData, makeInput } from './helpers.ts';

before(async () => {
  delete process.env.MODELBENCH_BACKEND;
  await initBackend(['wasm']);
});
after(async () => {
  await tf.setBackend('cpu');
});

const OPTIMIZERS = ['sgd', 'adam', 'momentum', 'rmsprop'] as const;
const MLP_SMALL = MODEL_PRESETS.find((p) => p.id === 'mlp-small')!.spec;

/** A real regression table: one numeric column of a sample CSV as the target. */
function regressionSample(name: 'iris' | 'breast_cancer', label: string): ParsedDataset {
  const text = readFileSync(join(packageRoot, 'assets', 'samples', `${name}.csv`), 'utf8');
  return parseCsvDataset(text, { label, task: 'regression' });
}

const CTX = { task: 'classification' as const, numClasses: 3, learningRate: 0.1 };

test('rules: a non-finite loss stops at its batch; each epoch rule names the epoch and the remedy', () => {
  assert.equal(batchDivergence(2.3, 1, 1, CTX), null);
  assert.equal(batchDivergence(Number.NaN, 3, 7, CTX), 'Loss became NaN at epoch 3, batch 7: lower the learning rate (now 0.1) or add gradient clipping (hyperparams.gradientClip)');
  const healthy = { epoch: 2, trainLoss: 0.9, reference: 1.1, trainDataLoss: 0.8, nonFiniteWeight: null };
  assert.equal(epochDivergence(healthy, CTX), null);
  assert.match(epochDivergence({ ...healthy, nonFiniteWeight: 'dense_1/bias' }, CTX) ?? '', /^The weights of dense_1\/bias became NaN or infinite during epoch 2: lower the learning rate/);
  assert.match(epochDivergence({ ...healthy, trainLoss: 1.1 * EXPLOSION_FACTOR + 1 }, CTX) ?? '', /^The training loss exploded during epoch 2 .*: lower the learning rate/);
  assert.match(epochDivergence({ ...healthy, trainDataLoss: 10.79 }, CTX) ?? '', /^The predictions saturated during epoch 2: the training loss is 10\.79, near its ceiling of 16\.12/);
  // Saturation is a classification rule: a regression loss of 10.79 is just a number.
  assert.equal(epochDivergence({ ...healthy, trainDataLoss: 10.79 }, { ...CTX, task: 'regression' }), null);
});

test('thresholds: halfway from chance to the ceiling; trivial losses; non-finite scan', () => {
  assert.ok(Math.abs(CROSS_ENTROPY_CEILING - 16.118) < 1e-3);
  assert.ok(Math.abs(saturationThreshold(3) - (16.118 + Math.log(3)) / 2) < 1e-3);
  assert.ok(saturationThreshold(1e7) <= CROSS_ENTROPY_CEILING + 1e-9, 'never below chance even for huge class counts');
  assert.equal(trivialLoss('classification', 10, []), Math.log(10));
  assert.equal(trivialLoss('regression', 0, [1, 3, 5]), 8 / 3);
  assert.equal(firstNonFinite(new Float32Array([1, 2, Infinity, Number.NaN])), 2);
  assert.equal(firstNonFinite([0, -1]), -1);
});

for (const backend of ['cpu', 'wasm'] as const) {
  test(`iris at a learning rate of 1e6 diverges with every optimizer (${backend}${backend === 'wasm' ? ': Adam takes the dense-stack fast path' : ': the generic tape step'})`, async () => {
    await tf.setBackend(backend);
    const probe = buildModel(MLP_SMALL, { inputShape: [4], outputUnits: 3, task: 'classification' }, 1);
    assert.equal(usesDenseStackPath(probe, 'categorical'), true, 'the MLP is a plain dense stack');
    probe.dispose();
    for (const kind of OPTIMIZERS) {
      const input = makeInput(irisData(), { optimizer: { kind, learningRate: 1e6 } }, { spec: MLP_SMALL });
      const { events, onEvent } = collect();
      const r = await trainRun(input, { onEvent });
      rmSync(input.artifactDir, { recursive: true, force: true });
      assert.equal(r.status, 'diverged', `${backend} ${kind}: ${r.status} ${r.error}`);
      assert.match(r.error ?? '', /(at|during) epoch \d+.*: lower the learning rate \(now 1000000\) or add gradient clipping/, `${backend} ${kind}`);
      assert.ok(r.epochsDone < 20, `${backend} ${kind} stopped early (${r.epochsDone} epochs)`);
      assert.ok(epochEvents(events).length <= 2, `${backend} ${kind} stopped within two epochs`);
    }
  });
}

test('a regression set at a learning rate of 1e6 diverges (every optimizer)', async () => {
  await tf.setBackend('wasm');
  const data = regressionSample('iris', 'petal_width_cm');
  for (const kind of OPTIMIZERS) {
    const input = makeInput(data, { optimizer: { kind, learningRate: 1e6 } }, { spec: MLP_SMALL });
    const r = await trainRun(input, collect());
    rmSync(input.artifactDir, { recursive: true, force: true });
    assert.equal(r.status, 'diverged', `${kind}: ${r.status} ${r.error}`);
    assert.match(r.error ?? '', /epoch \d+.*lower the learning rate/);
  }
});

type Healthy = { name: string; data: ParsedDataset; spec: ModelSpec; hp?: HyperParamsInput };

test('healthy runs never trip a rule: sample datasets, default settings, several seeds (with margins)', async () => {
  await tf.setBackend('wasm');
  const digits = loadSample('digits');
  const cases: Healthy[] = [
    { name: 'iris', data: irisData(), spec: MLP_SMALL },
    { name: 'breast_cancer', data: loadSample('breast_cancer'), spec: MLP_SMALL },
    { name: 'digits', data: digits, spec: { layers: [{ kind: 'flatten' }, ...MLP_SMALL.layers] } },
    { name: 'iris petal width (regression)', data: regressionSample('iris', 'petal_width_cm'), spec: MLP_SMALL },
    { name: 'breast_cancer mean area (regression)', data: regressionSample('breast_cancer', 'mean_area'), spec: MLP_SMALL },
    // A brisk but sane learning rate must not trip them either.
    { name: 'iris, sgd 0.1', data: irisData(), spec: MLP_SMALL, hp: { optimizer: { kind: 'sgd', learningRate: 0.1 } } },
  ];
  for (const c of cases) {
    for (const seed of [1, 2, 3]) {
      const input = makeInput(c.data, c.hp ?? {}, { spec: c.spec, seed });
      const { events, onEvent } = collect();
      const r = await trainRun(input, { onEvent });
      rmSync(input.artifactDir, { recursive: true, force: true });
      assert.equal(r.status, 'completed', `${c.name} seed ${seed}: ${r.error}`);
      const epochs = epochEvents(events);
      const first = epochs[0]!.train.loss!;
      const worst = Math.max(...epochs.map((e) => e.train.loss!));
      // Far from the thresholds, not merely under them: losses never grow past twice the first epoch's ...
      assert.ok(worst <= 2 * first, `${c.name} seed ${seed}: train loss rose to ${worst} from ${first}`);
      // ... and classification stays under half the saturation threshold at every epoch.
      if (c.data.task === 'classification') {
        const limit = saturationThreshold(c.data.classes.length) / 2;
        for (const e of epochs) assert.ok(e.train.loss! < limit, `${c.name} seed ${seed} epoch ${e.epoch}: ${e.train.loss} vs ${limit}`);
      }
    }
  }
});
