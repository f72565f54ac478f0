/**
 * The advisor on synthetic curves and diagnostics: each rule fires on the
 * pattern it is for, names the layer and epoch, and proposes a change that
 * makes a valid run config; a healthy run gets no finding.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { advise } from '../../../../main/diagnose/advisor/index.ts';
import type { Finding, FindingCode } from '../../../../main/diagnose/advisor/types.ts';
import { applyChange, config, curves, dense, epochs, healthyDiagnostics, healthyTrain, healthyVal, range } from './fixtures.ts';

const only = (findings: Finding[], code: FindingCode): Finding => {
  const hits = findings.filter((f) => f.code === code);
  assert.equal(hits.length, 1, `expected one ${code}, got ${findings.map((f) => f.code).join(', ') || 'none'}`);
  return hits[0];
};
const codes = (findings: Finding[]) => findings.map((f) => f.code).sort();

const MLP = config([dense(32), dense(32)]);

test('a healthy run: no finding at all', () => {
  assert.deepEqual(advise({ curves: curves(healthyTrain, healthyVal), diagnostics: healthyDiagnostics(), config: MLP, baselineLoss: 0.69 }), []);
});

test('a healthy run measured with noise in the curves still gets no finding', () => {
  const wobble = (v: number[], k: number) => v.map((x, i) => x * (1 + 0.01 * Math.sin(i * k)));
  assert.deepEqual(advise({ curves: curves(wobble(healthyTrain, 1.7), wobble(healthyVal, 2.3)), diagnostics: healthyDiagnostics(), config: MLP, baselineLoss: 0.69 }), []);
});

test('overfitting: validation turns up while training keeps falling; marked at the validation minimum', () => {
  const train = range(20).map((e) => 0.7 * Math.exp(-0.25 * e));
  const val = range(20).map((e) => (e <= 7 ? 0.7 - 0.06 * e : 0.28 + 0.025 * (e - 7)));
  const f = only(advise({ curves: curves(train, val), config: MLP, baselineLoss: 0.69 }), 'overfitting');
  assert.equal(f.epoch, 8);
  assert.equal(f.severity, 'serious');
  assert.deepEqual(f.change?.patches.map((p) => p.path), ['hyperparams.earlyStopping']);
  assert.ok(applyChange(MLP, f.change!.patches).hyperparams.earlyStopping?.restoreBestWeights);
  assert.match(f.evidence, /lowest at epoch 8/);
});

test('overfitting with early stopping already on: the change adds dropout', () => {
  const withStop = config([dense(32), dense(32)], { earlyStopping: { patience: 3 } });
  const train = range(20).map((e) => 0.7 * Math.exp(-0.25 * e));
  const val = range(20).map((e) => (e <= 7 ? 0.7 - 0.06 * e : 0.28 + 0.025 * (e - 7)));
  const f = only(advise({ curves: curves(train, val), config: withStop }), 'overfitting');
  const next = applyChange(withStop, f.change!.patches);
  assert.deepEqual(next.spec.layers.map((l) => l.kind), ['dense', 'dropout', 'dense', 'dropout']);
});

test('overfitting as a gap: a large model on 50 rows memorises, validation stays far above', () => {
  const train = range(30).map((e) => 0.69 * Math.exp(-0.3 * e) + 0.002);
  const val = range(30).map((e) => 0.69 - 0.01 * Math.min(e, 10));
  const f = only(advise({ curves: curves(train, val), baselineLoss: 0.69 }), 'overfitting');
  assert.equal(f.severity, 'warning');
  assert.ok(f.epoch! >= 2 && f.epoch! <= 6, `${f.epoch}`);
  assert.equal(f.change, null); // no config given: evidence and remedy only
});

test('underfitting: a tiny model settles high on a hard task; the change widens it', () => {
  const train = range(20).map((e) => 1.4 + 0.9 * Math.exp(-0.8 * e));
  const val = train.map((t) => t * 1.02);
  const tiny = config([dense(2)]);
  const f = only(advise({ curves: curves(train, val), config: tiny, baselineLoss: 2.3 }), 'underfitting');
  assert.ok(f.epoch! > 2 && f.epoch! < 10, `${f.epoch}`);
  assert.deepEqual(f.change?.patches, [{ path: 'spec.layers.0.units', value: 4 }]);
  assert.equal(applyChange(tiny, f.change!.patches).spec.layers[0].kind, 'dense');
});

test('lr_too_high: a NaN loss is serious at its epoch; an oscillating loss is a warning; the change divides the rate by 10', () => {
  const nan = only(advise({ curves: curves([0.7, 0.9, 3, NaN]), config: MLP }), 'lr_too_high');
  assert.deepEqual([nan.severity, nan.epoch], ['serious', 4]);
  assert.deepEqual(nan.change?.patches, [{ path: 'hyperparams.optimizer.learningRate', value: 0.0001 }]);
  const zigzag = range(16).map((e) => 0.5 + 0.2 * (e % 2) - 0.005 * e);
  const osc = only(advise({ curves: curves(zigzag), config: MLP }), 'lr_too_high');
  assert.deepEqual([osc.severity, osc.epoch], ['warning', 2]);
  const grew = only(advise({ curves: curves([0.7, 0.8, 1.2, 2, 3]) }), 'lr_too_high');
  assert.equal(grew.severity, 'serious');
});

test('lr_too_high: a loss that stays above a constant prediction\'s is serious, and not called underfitting', () => {
  const stuck = [8.8, 10.3, 10.1, 10.2, 10.3, 10.3];
  const diagnostics = epochs(6, () => [{ layer: 'dense_1', gradRms: 0 }, { layer: 'head', gradRms: 0, activation: 'softmax', deadFraction: null }]);
  const found = advise({ curves: curves(stuck, stuck), diagnostics, config: MLP, baselineLoss: 0.66 });
  const f = only(found, 'lr_too_high');
  assert.deepEqual([f.severity, f.epoch], ['serious', 1]);
  assert.match(f.evidence, /worse than guessing; its gradients are all zero/);
  assert.ok(!found.some((x) => x.code === 'underfitting'));
});

test('lr_too_low: a slow straight descent; the change multiplies the rate by 10', () => {
  const sgd = config([dense(32)], { optimizer: { kind: 'sgd', learningRate: 1e-4 } });
  const f = only(advise({ curves: curves(range(20).map((e) => 0.7 - 0.004 * e)), config: sgd, baselineLoss: 0.69 }), 'lr_too_low');
  assert.deepEqual(f.change?.patches, [{ path: 'hyperparams.optimizer.learningRate', value: 0.001 }]);
  assert.equal(applyChange(sgd, f.change!.patches).hyperparams.optimizer.kind, 'sgd');
  // The same drop, front-loaded and settled, is no longer "too low".
  assert.ok(!advise({ curves: curves(range(20).map((e) => 0.62 + 0.08 * Math.exp(-e))) }).some((x) => x.code === 'lr_too_low'));
});

test('vanishing gradients: a deep sigmoid stack; serious, at the weakest layer; the change switches to ReLU', () => {
  const sigmoidStack = config(range(6).map(() => dense(16, 'sigmoid')));
  const diagnostics = epochs(10, () => [
    ...range(6).map((i) => ({ layer: `dense_${i + 1}`, activation: 'sigmoid', deadFraction: null, gradRms: 1e-8 * 10 ** i })),
    { layer: 'head', activation: 'softmax', gradRms: 1e-2, deadFraction: null },
  ]);
  const f = only(advise({ curves: curves(healthyTrain.slice(0, 10)), diagnostics, config: sigmoidStack }), 'vanishing_gradients');
  assert.deepEqual([f.severity, f.layer, f.epoch], ['serious', 'dense_1', 1]);
  assert.ok(f.measures.ratio < 1e-5);
  const next = applyChange(sigmoidStack, f.change!.patches);
  assert.ok(next.spec.layers.every((l) => l.kind === 'dense' && l.activation === 'relu'));
});

test('vanishing gradients in a ReLU net: the change adds batch normalisation', () => {
  const relu = config([dense(16), dense(16), dense(16)]);
  const diagnostics = epochs(6, () => [{ layer: 'dense_1', gradRms: 1e-5 }, { layer: 'dense_2', gradRms: 1e-4 }, { layer: 'dense_3', gradRms: 1e-3 }, { layer: 'head', gradRms: 1e-2, activation: 'softmax', deadFraction: null }]);
  const f = only(advise({ curves: curves(healthyTrain.slice(0, 6)), diagnostics, config: relu }), 'vanishing_gradients');
  assert.equal(f.severity, 'warning');
  assert.deepEqual(applyChange(relu, f.change!.patches).spec.layers.map((l) => l.kind), ['dense', 'batchNorm', 'dense', 'batchNorm', 'dense', 'batchNorm']);
});

test('exploding gradients: a norm that blows up, or turns NaN; the change clips, then lowers the rate', () => {
  const growing = epochs(6, (e) => [{ layer: 'dense_1', gradRms: 0.01 * 8 ** e }, { layer: 'head', gradRms: 0.01 * 8 ** e, activation: 'softmax', deadFraction: null }]);
  const f = only(advise({ curves: curves(healthyTrain.slice(0, 6)), diagnostics: growing, config: MLP }), 'exploding_gradients');
  assert.deepEqual([f.severity, f.epoch], ['serious', 4]);
  assert.deepEqual(f.change?.patches, [{ path: 'hyperparams.gradientClip', value: { kind: 'norm', maxNorm: 1 } }]);
  assert.deepEqual(applyChange(MLP, f.change!.patches).hyperparams.gradientClip, { kind: 'norm', maxNorm: 1 });
  const clipped = config([dense(32)], { gradientClip: { kind: 'norm', maxNorm: 5 } });
  const nan = epochs(3, (e) => [{ layer: 'dense_1', gradRms: e === 3 ? NaN : 0.01 }, { layer: 'head', gradRms: 0.01, activation: 'softmax', deadFraction: null }]);
  nan[2].layers[0].gradients = { ...nan[2].layers[0].gradients!, nonFinite: 12 };
  const g = only(advise({ curves: curves([0.7, 0.6, 0.5]), diagnostics: nan, config: clipped }), 'exploding_gradients');
  assert.deepEqual([g.severity, g.epoch, g.layer], ['serious', 3, 'dense_1']);
  assert.equal(g.change?.patches[0].path, 'hyperparams.optimizer.learningRate');
});

test('exploding towards the input: early layers get far more gradient per weight than the output', () => {
  const diagnostics = epochs(5, () => [{ layer: 'dense_1', gradRms: 5 }, { layer: 'dense_2', gradRms: 0.5 }, { layer: 'head', gradRms: 0.01, activation: 'softmax', deadFraction: null }]);
  const f = only(advise({ curves: curves(healthyTrain.slice(0, 5)), diagnostics }), 'exploding_gradients');
  assert.deepEqual([f.severity, f.layer], ['warning', 'dense_1']);
});

test('dead units: ReLU with a huge learning rate; the layer and the epoch they died; the change is LeakyReLU there', () => {
  const diagnostics = epochs(8, (e) => [{ layer: 'dense_1', deadFraction: 0.1 }, { layer: 'dense_2', deadFraction: e >= 3 ? 0.7 : 0.2 }, { layer: 'head', activation: 'softmax', deadFraction: null, gradRms: 0.05 }]);
  const f = only(advise({ curves: curves(healthyTrain.slice(0, 8)), diagnostics, config: MLP }), 'dead_units');
  assert.deepEqual([f.severity, f.layer, f.epoch], ['warning', 'dense_2', 3]);
  assert.deepEqual(f.change?.patches, [{ path: 'spec.layers.1.activation', value: 'leaky_relu' }]);
  assert.match(f.evidence, /^7 of 10 units of dense_2 \(70%\) output 0/);
  const all = epochs(2, () => [{ layer: 'dense_1', deadFraction: 0.95 }]);
  assert.equal(only(advise({ curves: curves([0.7, 0.7]), diagnostics: all }), 'dead_units').severity, 'serious');
});

test('saturation: sigmoid units pinned at their limits; unnormalised inputs are fixed first, else the activation', () => {
  const raw = config([dense(16, 'tanh')], { preprocess: 'none' });
  const diagnostics = epochs(4, () => [{ layer: 'dense_1', activation: 'tanh', deadFraction: null, saturatedFraction: 0.95 }]);
  const f = only(advise({ curves: curves(healthyTrain.slice(0, 4)), diagnostics, config: raw }), 'saturation');
  assert.deepEqual([f.severity, f.layer, f.epoch], ['serious', 'dense_1', 1]);
  assert.deepEqual(f.change?.patches, [{ path: 'hyperparams.preprocess', value: 'standardize' }]);
  const normalised = config([dense(16, 'tanh')]);
  const g = only(advise({ curves: curves(healthyTrain.slice(0, 4)), diagnostics, config: normalised }), 'saturation');
  assert.deepEqual(g.change?.patches, [{ path: 'spec.layers.0.activation', value: 'relu' }]);
});

test('findings come serious first, then by epoch', () => {
  const diagnostics = epochs(8, (e) => [{ layer: 'dense_1', deadFraction: e >= 2 ? 0.6 : 0 }, { layer: 'dense_2', deadFraction: 0.95 }, { layer: 'head', activation: 'softmax', deadFraction: null, gradRms: 0.05 }]);
  const found = advise({ curves: curves(healthyTrain.slice(0, 8)), diagnostics });
  assert.deepEqual(codes(found), ['dead_units', 'dead_units']);
  assert.deepEqual(found.map((f) => [f.severity, f.layer]), [['serious', 'dense_2'], ['warning', 'dense_1']]);
});
