/**
 * The training step (main/train/step.ts) on wasm: learning, clipping, the
 * fused Adam path against tfjs's own Adam, the fused loss against the plain
 * formula, and no tensor leaks.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../main/backend/select.ts';
import { clipArrays } from '../../../main/train/clip.ts';
import { clipGradients, createTrainStep, lossFor } from '../../../main/train/step.ts';

before(async () => {
  delete process.env.MODELBENCH_BACKEND;
  await initBackend(['wasm']);
});

function mlp(seed: number, units = 3): tf.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.dense({ inputShape: [4], units: 8, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed }) }));
  m.add(tf.layers.dense({ units, activation: units === 1 ? 'linear' : 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }));
  return m;
}

/** 3 separable classes: the class is the argmax of the first 3 features. */
function problem(n = 48): { xs: tf.Tensor2D; ys: tf.Tensor1D } {
  const x = new Float32Array(n * 4), y = new Float32Array(n);
  let s = 7;
  for (let i = 0; i < x.length; i++) x[i] = ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  for (let i = 0; i < n; i++) {
    const r = x.subarray(i * 4, i * 4 + 3);
    y[i] = r.indexOf(Math.max(...r));
  }
  return { xs: tf.tensor2d(x, [n, 4]), ys: tf.tensor1d(y) };
}

const weightsOf = (m: tf.LayersModel) => m.getWeights().map((w) => (w.dataSync() as Float32Array).slice());

test('loss decreases on a tiny problem (Adam, fused path)', () => {
  const model = mlp(1);
  const opt = tf.train.adam(0.05);
  const step = createTrainStep(model, opt, 'categorical');
  const { xs, ys } = problem();
  const first = step(xs, ys);
  let last = first;
  for (let i = 0; i < 60; i++) last = step(xs, ys);
  assert.ok(Number.isFinite(last) && last < first * 0.5, `loss ${first} → ${last}`);
  tf.dispose([xs, ys]);
  model.dispose();
  opt.dispose();
});

test('fused Adam matches tf.train.adam applyGradients (with and without clipping)', () => {
  for (const clip of [undefined, { kind: 'value' as const, maxValue: 0.05 }, { kind: 'norm' as const, maxNorm: 0.1 }]) {
    const a = mlp(3), b = mlp(3);
    const optA = tf.train.adam(0.01), optB = tf.train.adam(0.01);
    const stepA = createTrainStep(a, optA, 'categorical', clip);
    const trainable = b.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
    const { xs, ys } = problem();
    for (let i = 0; i < 5; i++) {
      stepA(xs, ys);
      // Reference: the generic tfjs path, written out.
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => lossFor('categorical', ys, b.apply(xs) as tf.Tensor), trainable);
        (optB as tf.Optimizer).applyGradients(clipGradients(grads, clip));
      });
    }
    const wa = weightsOf(a), wb = weightsOf(b);
    wa.forEach((w, i) => w.forEach((v, j) => assert.ok(Math.abs(v - wb[i][j]) < 1e-5, `clip ${clip?.kind}: weight ${i}[${j}] ${v} vs ${wb[i][j]}`)));
    assert.equal(optA.iterations, 5);
    tf.dispose([xs, ys]);
    a.dispose(); b.dispose(); optA.dispose(); optB.dispose();
  }
});

test('fused cross-entropy equals the plain formula, value and gradient', () => {
  const p = tf.softmax(tf.randomNormal([6, 4], 0, 1, 'float32', 5));
  const y = tf.tensor1d([0, 3, 1, 2, 2, 0]);
  const plain = (q: tf.Tensor) => tf.neg(tf.mean(tf.sum(tf.mul(tf.oneHot(y.toInt(), 4), tf.log(tf.clipByValue(q, 1e-7, 1 - 1e-7))), -1)));
  const { value: v1, grads: g1 } = tf.valueAndGrads((q: tf.Tensor) => lossFor('categorical', y, q))([p]);
  const { value: v2, grads: g2 } = tf.valueAndGrads((q: tf.Tensor) => plain(q))([p]);
  assert.ok(Math.abs(v1.dataSync()[0] - v2.dataSync()[0]) < 1e-6);
  const a = g1[0].dataSync(), b = g2[0].dataSync();
  a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) < 1e-5 * Math.max(1, Math.abs(b[i])), `grad[${i}] ${v} vs ${b[i]}`));
  tf.dispose([p, y, v1, v2, ...g1, ...g2]);
});

test('clipping by norm bounds the global norm; by value bounds each element', () => {
  const grads = [new Float32Array([3, -4, 12]), new Float32Array([0.5, -20])];
  const norm = (gs: Float32Array[]) => Math.sqrt(gs.reduce((s, g) => s + g.reduce((t, x) => t + x * x, 0), 0));
  // Fused path (used with Adam on wasm/cpu).
  const byNorm = clipArrays(grads, { kind: 'norm', maxNorm: 2 });
  assert.ok(Math.abs(norm(byNorm) - 2) < 1e-5);
  assert.ok(Math.abs(byNorm[0][1] / byNorm[0][0] - -4 / 3) < 1e-5, 'direction kept');
  for (const g of clipArrays(grads, { kind: 'value', maxValue: 1 })) for (const v of g) assert.ok(Math.abs(v) <= 1);
  assert.deepEqual([...clipArrays([new Float32Array([0.1, 0.2])], { kind: 'norm', maxNorm: 5 })[0]], [...new Float32Array([0.1, 0.2])]);
  // Generic path (other optimizers), through a real step: SGD with lr 1 moves weights by exactly the clipped gradient.
  for (const clip of [{ kind: 'norm' as const, maxNorm: 0.01 }, { kind: 'value' as const, maxValue: 0.001 }]) {
    const model = mlp(5);
    const opt = tf.train.sgd(1);
    const step = createTrainStep(model, opt, 'categorical', clip);
    const { xs, ys } = problem();
    const before = weightsOf(model);
    step(xs, ys);
    const delta = weightsOf(model).map((w, i) => w.map((v, j) => v - before[i][j]));
    if (clip.kind === 'norm') assert.ok(norm(delta) <= 0.01 + 1e-6, `update norm ${norm(delta)}`);
    else for (const d of delta) for (const v of d) assert.ok(Math.abs(v) <= 0.001 + 1e-6, `update ${v}`);
    tf.dispose([xs, ys]);
    model.dispose();
    tf.tidy(() => opt.dispose());
  }
});

test('one clipping rule: the tensor path (other optimizers) and the array path (fused Adam, dense stack) agree', () => {
  let seed = 11;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  const arrays = [new Float32Array(40).map(() => rand() * 3), new Float32Array(7).map(() => rand() * 0.5), new Float32Array(13).map(() => rand())];
  // Norm 1000 leaves them alone, 0.5 scales them down, value 0.2 bounds each element; none is the identity.
  for (const clip of [undefined, { kind: 'norm' as const, maxNorm: 1000 }, { kind: 'norm' as const, maxNorm: 0.5 }, { kind: 'value' as const, maxValue: 0.2 }]) {
    const expected = clipArrays(arrays, clip);
    const named = Object.fromEntries(arrays.map((a, i) => [`g${i}`, tf.tensor1d(a)]));
    const clipped = clipGradients(named, clip);
    arrays.forEach((_, i) => {
      const got = clipped[`g${i}`]!.dataSync();
      expected[i]!.forEach((v, j) => assert.ok(Math.abs(got[j]! - v) <= 1e-6 * Math.max(1, Math.abs(v)), `${JSON.stringify(clip)} g${i}[${j}]: ${got[j]} vs ${v}`));
    });
    tf.dispose([...Object.values(named), ...Object.values(clipped)]);
  }
});

test('tensor count is unchanged after many steps (Adam fused, SGD, regression with regulariser)', () => {
  const { xs, ys } = problem();
  const yReg = tf.randomNormal([48, 1]);
  for (const [kind, makeOpt] of [['categorical', () => tf.train.adam(0.01)], ['categorical', () => tf.train.momentum(0.01, 0.9)], ['mse', () => tf.train.adam(0.01)]] as const) {
    const model = kind === 'mse' ? mlp(9, 1) : mlp(7);
    if (kind === 'mse') (model.layers[0] as unknown as { kernelRegularizer: unknown }).kernelRegularizer = tf.regularizers.l2({ l2: 0.01 });
    const opt = makeOpt();
    const step = createTrainStep(model, opt, kind, { kind: 'norm', maxNorm: 1 });
    const labels = kind === 'mse' ? yReg : ys;
    step(xs, labels); // the first step creates optimizer state
    const before = tf.memory().numTensors;
    for (let i = 0; i < 30; i++) step(xs, labels);
    assert.equal(tf.memory().numTensors, before, `${kind} ${opt.getClassName()}`);
    model.dispose();
    opt.dispose();
  }
  tf.dispose([xs, ys, yReg]);
});
