/**
 * The dense-stack fast path (main/backend/dense-stack.ts): which models take
 * it, equivalence with the generic tape path through createTrainStep (loss
 * at every step and weights after many steps), gradients against the cpu
 * backend, and no growth of tensors, heap buffers or wasm memory.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../main/backend/select.ts';
import { denseStackGradients, planDenseStack } from '../../../main/backend/dense-stack.ts';
import type { DenseActivation } from '../../../main/backend/dense-stack.ts';
import { createTrainStep, lossFor, usesDenseStackPath } from '../../../main/train/step.ts';
import type { LossKind } from '../../../main/train/step.ts';
import type { GradientClip, ModelSpec } from '../../../main/api/schemas.ts';
import { buildModel } from '../../../main/model/builder.ts';

before(async () => {
  delete process.env.MODELBENCH_BACKEND;
  await initBackend(['wasm']);
});

type Spec = { inputs: number; layers: { units: number; activation: DenseActivation; useBias?: boolean }[]; functional?: boolean };

/** Seeded, so two calls build identical models. `functional` builds it as main/model/builder.ts does (tf.model with an input layer). */
function build(spec: Spec, seed = 3): tf.LayersModel {
  const dense = spec.layers.map((l, i) => tf.layers.dense({
    units: l.units, activation: l.activation, useBias: l.useBias ?? true,
    kernelInitializer: tf.initializers.glorotUniform({ seed: seed + i }),
    // Non-zero biases, so that bias paths are exercised from the first step.
    biasInitializer: tf.initializers.randomUniform({ minval: -0.3, maxval: 0.3, seed: seed + 100 + i }),
  }));
  if (spec.functional) {
    const input = tf.input({ shape: [spec.inputs], name: 'input' });
    let x: tf.SymbolicTensor = input;
    for (const d of dense) x = d.apply(x) as tf.SymbolicTensor;
    return tf.model({ inputs: input, outputs: x });
  }
  const m = tf.sequential();
  dense.forEach((d, i) => {
    if (i === 0) m.add(tf.layers.inputLayer({ inputShape: [spec.inputs] }));
    m.add(d);
  });
  return m;
}

function data(n: number, d: number, loss: LossKind, outputs: number, seed = 11): { xs: tf.Tensor2D; ys: tf.Tensor } {
  let s = seed;
  const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const x = new Float32Array(n * d).map(() => rnd() * 4 - 2);
  if (loss === 'categorical') return { xs: tf.tensor2d(x, [n, d]), ys: tf.tensor1d(Float32Array.from({ length: n }, () => Math.floor(rnd() * outputs))) };
  return { xs: tf.tensor2d(x, [n, d]), ys: tf.tensor2d(new Float32Array(n * outputs).map(() => rnd() * 2 - 1), [n, outputs]) };
}

const weightsOf = (m: tf.LayersModel) => m.getWeights().map((w) => (w.dataSync() as Float32Array).slice());

const CASES: { name: string; spec: Spec; loss: LossKind; clip?: GradientClip }[] = [
  { name: 'bench MLP relu/relu/softmax', loss: 'categorical', spec: { inputs: 30, layers: [{ units: 64, activation: 'relu' }, { units: 64, activation: 'relu' }, { units: 2, activation: 'softmax' }] } },
  { name: 'functional tanh/sigmoid/elu/softmax', loss: 'categorical', spec: { inputs: 7, functional: true, layers: [{ units: 16, activation: 'tanh' }, { units: 12, activation: 'sigmoid' }, { units: 9, activation: 'elu' }, { units: 4, activation: 'softmax' }] } },
  { name: 'clip by norm', loss: 'categorical', clip: { kind: 'norm', maxNorm: 0.5 }, spec: { inputs: 5, layers: [{ units: 8, activation: 'relu' }, { units: 3, activation: 'softmax' }] } },
  { name: 'clip by value, no bias', loss: 'categorical', clip: { kind: 'value', maxValue: 0.02 }, spec: { inputs: 5, layers: [{ units: 8, activation: 'relu', useBias: false }, { units: 3, activation: 'softmax', useBias: false }] } },
  { name: 'regression relu/linear (mse)', loss: 'mse', spec: { inputs: 6, functional: true, layers: [{ units: 10, activation: 'relu' }, { units: 1, activation: 'linear' }] } },
  { name: 'regression 3 outputs, linear hidden, sigmoid head (mse)', loss: 'mse', spec: { inputs: 4, layers: [{ units: 6, activation: 'linear' }, { units: 3, activation: 'sigmoid' }] } },
];

test('plain Dense stacks take the fast path; anything else does not', () => {
  for (const c of CASES) {
    const m = build(c.spec);
    assert.ok(usesDenseStackPath(m, c.loss), c.name);
    m.dispose();
  }
  const rejected: [string, () => tf.LayersModel, LossKind][] = [
    ['dropout between layers', () => {
      const m = tf.sequential();
      m.add(tf.layers.dense({ inputShape: [4], units: 8, activation: 'relu' }));
      m.add(tf.layers.dropout({ rate: 0.5 }));
      m.add(tf.layers.dense({ units: 2, activation: 'softmax' }));
      return m;
    }, 'categorical'],
    ['kernel regulariser', () => {
      const m = tf.sequential();
      m.add(tf.layers.dense({ inputShape: [4], units: 2, activation: 'softmax', kernelRegularizer: tf.regularizers.l2({ l2: 0.01 }) }));
      return m;
    }, 'categorical'],
    ['frozen layer', () => {
      const m = tf.sequential();
      m.add(tf.layers.dense({ inputShape: [4], units: 8, activation: 'relu', trainable: false }));
      m.add(tf.layers.dense({ units: 2, activation: 'softmax' }));
      return m;
    }, 'categorical'],
    ['unsupported activation (relu6)', () => {
      const m = tf.sequential();
      m.add(tf.layers.dense({ inputShape: [4], units: 8, activation: 'relu6' }));
      m.add(tf.layers.dense({ units: 2, activation: 'softmax' }));
      return m;
    }, 'categorical'],
    ['softmax head with mse', () => build(CASES[2].spec), 'mse'],
    ['categorical without softmax head', () => build(CASES[4].spec), 'categorical'],
    ['rank-3 input', () => {
      const m = tf.sequential();
      m.add(tf.layers.dense({ inputShape: [3, 4], units: 2, activation: 'softmax' }));
      return m;
    }, 'categorical'],
    ['conv net', () => {
      const m = tf.sequential();
      m.add(tf.layers.conv2d({ inputShape: [6, 6, 1], filters: 2, kernelSize: 3 }));
      m.add(tf.layers.flatten());
      m.add(tf.layers.dense({ units: 2, activation: 'softmax' }));
      return m;
    }, 'categorical'],
    ['batch norm', () => {
      const m = tf.sequential();
      m.add(tf.layers.dense({ inputShape: [4], units: 8 }));
      m.add(tf.layers.batchNormalization());
      m.add(tf.layers.dense({ units: 2, activation: 'softmax' }));
      return m;
    }, 'categorical'],
  ];
  for (const [what, make, loss] of rejected) {
    const m = make();
    assert.equal(planDenseStack(m, loss), null, what);
    m.dispose();
  }
});

test('the project builder\'s MLPs take the fast path (so real runs get it); with dropout or leaky relu they do not', () => {
  const spec = (layers: ModelSpec['layers']) => ({ layers }) as ModelSpec;
  const cases: [ModelSpec, 'classification' | 'regression', boolean][] = [
    [spec([{ kind: 'dense', units: 16, activation: 'relu', useBias: true }, { kind: 'dense', units: 8, activation: 'tanh', useBias: false }]), 'classification', true],
    [spec([{ kind: 'dense', units: 16, activation: 'elu', useBias: true, regularizer: { l1: 0, l2: 0 } }]), 'regression', true],
    [spec([{ kind: 'dense', units: 16, activation: 'relu', useBias: true }, { kind: 'dropout', rate: 0.2 }]), 'classification', false],
    [spec([{ kind: 'dense', units: 16, activation: 'leaky_relu', useBias: true }]), 'classification', false],
    [spec([{ kind: 'dense', units: 16, activation: 'relu', useBias: true, regularizer: { l1: 0, l2: 0.01 } }]), 'classification', false],
  ];
  for (const [s, task, expected] of cases) {
    const m = buildModel(s, { inputShape: [6], outputUnits: task === 'classification' ? 3 : 1, task }, 1);
    assert.equal(usesDenseStackPath(m, task === 'classification' ? 'categorical' : 'mse'), expected, JSON.stringify(s));
    m.dispose();
  }
});

// The fast path mirrors the tape's float32 ops, so today the weights come out bit for bit equal
// (the mse loss value differs in its last bits: the generic sum's order); 1e-5 is the contract.
test('fast path equals the generic path: loss at every step, weights after 40 steps (1e-5)', () => {
  for (const c of CASES) {
    const last = c.spec.layers[c.spec.layers.length - 1].units;
    const fastModel = build(c.spec), refModel = build(c.spec);
    const optFast = tf.train.adam(0.01), optRef = tf.train.adam(0.01);
    const fast = createTrainStep(fastModel, optFast, c.loss, c.clip);
    const ref = createTrainStep(refModel, optRef, c.loss, c.clip, { denseStack: false });
    // 40 rows: not a multiple of XNNPACK's tile sizes, so edge handling is covered too.
    const { xs, ys } = data(40, c.spec.inputs, c.loss, last);
    for (let i = 0; i < 40; i++) {
      const a = fast(xs, ys), b = ref(xs, ys);
      assert.ok(Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(b)), `${c.name}: loss at step ${i}: ${a} vs ${b}`);
    }
    const wa = weightsOf(fastModel), wb = weightsOf(refModel);
    wa.forEach((w, i) => w.forEach((v, j) => assert.ok(Math.abs(v - wb[i][j]) <= 1e-5, `${c.name}: weight ${i}[${j}] ${v} vs ${wb[i][j]}`)));
    assert.equal(optFast.iterations, 40);
    tf.dispose([xs, ys]);
    fastModel.dispose(); refModel.dispose(); optFast.dispose(); optRef.dispose();
  }
});

test('fast-path gradients equal the cpu backend\'s tape gradients', () => {
  for (const c of CASES) {
    const last = c.spec.layers[c.spec.layers.length - 1].units;
    const model = build(c.spec);
    const plan = planDenseStack(model, c.loss);
    assert.ok(plan, c.name);
    const { xs, ys } = data(33, c.spec.inputs, c.loss, last, 5);
    const loss = denseStackGradients(plan, xs, ys);
    const fast = plan.grads.map((g) => g.slice());
    const weights = weightsOf(model);
    const x = xs.dataSync().slice(), y = ys.dataSync().slice();
    const yShape = ys.shape;
    tf.dispose([xs, ys]);
    model.dispose();

    tf.setBackend('cpu');
    try {
      const refModel = build(c.spec);
      const fresh = weights.map((w, i) => tf.tensor(w, refModel.getWeights()[i].shape));
      refModel.setWeights(fresh);
      tf.dispose(fresh);
      const trainable = refModel.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
      const xr = tf.tensor2d(x, [33, c.spec.inputs]), yr = tf.tensor(y, yShape);
      const { value, grads } = tf.variableGrads(() => lossFor(c.loss, yr, refModel.apply(xr, { training: true }) as tf.Tensor), trainable);
      assert.ok(Math.abs(loss - value.dataSync()[0]) <= 1e-5 * Math.max(1, Math.abs(loss)), `${c.name}: loss ${loss} vs ${value.dataSync()[0]}`);
      trainable.forEach((v, k) => {
        const want = grads[v.name].dataSync();
        fast[k].forEach((g, j) => assert.ok(Math.abs(g - want[j]) <= 1e-5 + 1e-4 * Math.abs(want[j]), `${c.name}: d${v.name}[${j}] ${g} vs ${want[j]}`));
      });
      tf.dispose([xr, yr, value, ...Object.values(grads)]);
      refModel.dispose();
    } finally {
      tf.setBackend('wasm');
    }
  }
});

test('tensors, wasm buffers and wasm memory stay flat over many fast steps', () => {
  const c = CASES[0];
  const model = build(c.spec);
  const opt = tf.train.adam(0.001);
  const step = createTrainStep(model, opt, 'categorical', { kind: 'norm', maxNorm: 1 });
  const { xs, ys } = data(64, c.spec.inputs, 'categorical', 2);
  const backend = tf.backend() as unknown as { numDataIds(): number; wasm: { HEAPU8: Uint8Array } };
  for (let i = 0; i < 200; i++) step(xs, ys);
  const tensors = tf.memory().numTensors, ids = backend.numDataIds(), heap = backend.wasm.HEAPU8.length;
  // A leaked XNNPACK operator (packed weights, ~16 KB here) per step would grow the heap by tens of MB.
  for (let i = 0; i < 2000; i++) step(xs, ys);
  assert.equal(tf.memory().numTensors, tensors, 'tensors');
  assert.equal(backend.numDataIds(), ids, 'wasm data ids');
  assert.equal(backend.wasm.HEAPU8.length, heap, 'wasm heap size');
  tf.dispose([xs, ys]);
  model.dispose();
  opt.dispose();
});

test('non-Adam optimizers and the cpu backend keep the generic path and still learn', () => {
  for (const backendName of ['wasm', 'cpu']) {
    tf.setBackend(backendName);
    try {
      const model = build(CASES[2].spec);
      const opt = backendName === 'wasm' ? tf.train.sgd(0.1) : tf.train.adam(0.05);
      const step = createTrainStep(model, opt, 'categorical');
      const { xs, ys } = data(48, 5, 'categorical', 3);
      const before = tf.memory().numTensors;
      const first = step(xs, ys);
      let last = first;
      for (let i = 0; i < 50; i++) last = step(xs, ys);
      assert.ok(last < first, `${backendName} ${opt.getClassName()}: ${first} → ${last}`);
      // Adam creates its slots on the first step; SGD none.
      if (backendName === 'wasm') assert.equal(tf.memory().numTensors, before);
      tf.dispose([xs, ys]);
      model.dispose();
      opt.dispose();
    } finally {
      tf.setBackend('wasm');
    }
  }
});

test('a NaN weight gives a NaN loss on both paths (the trainer stops a diverging run on it)', () => {
  const c = CASES[0];
  for (const denseStack of [true, false]) {
    const model = build(c.spec);
    const opt = tf.train.adam(0.01);
    const step = createTrainStep(model, opt, 'categorical', undefined, { denseStack });
    const weights = model.getWeights().map((w) => w.dataSync().slice());
    weights[0][5] = NaN; // first layer: behind two relus
    const fresh = weights.map((w, i) => tf.tensor(w, model.getWeights()[i].shape));
    model.setWeights(fresh);
    tf.dispose(fresh);
    const { xs, ys } = data(16, c.spec.inputs, 'categorical', 2);
    assert.ok(Number.isNaN(step(xs, ys)), `denseStack ${denseStack}`);
    tf.dispose([xs, ys]);
    model.dispose();
    opt.dispose();
  }
});

/** Seeded sample weights in (0, 3], some exactly 0: a batch as boosting weighs it. */
function sampleWeights(n: number, seed = 17): Float32Array {
  let s = seed;
  const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
  return Float32Array.from({ length: n }, (_, i) => (i % 7 === 3 ? 0 : rnd() * 3));
}

test('weighted: the fast path equals the tape path with fused Adam, loss at every step and weights after 40 steps', () => {
  for (const c of CASES) {
    const last = c.spec.layers[c.spec.layers.length - 1].units;
    const fastModel = build(c.spec), refModel = build(c.spec);
    const optFast = tf.train.adam(0.01), optRef = tf.train.adam(0.01);
    const fast = createTrainStep(fastModel, optFast, c.loss, c.clip);
    const ref = createTrainStep(refModel, optRef, c.loss, c.clip, { denseStack: false });
    const { xs, ys } = data(40, c.spec.inputs, c.loss, last);
    const w = sampleWeights(40);
    for (let i = 0; i < 40; i++) {
      const a = fast(xs, ys, w), b = ref(xs, ys, w);
      assert.ok(Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(b)), `${c.name}: weighted loss at step ${i}: ${a} vs ${b}`);
    }
    const wa = weightsOf(fastModel), wb = weightsOf(refModel);
    wa.forEach((v, i) => v.forEach((x, j) => assert.ok(Math.abs(x - wb[i][j]) <= 1e-5, `${c.name}: weight ${i}[${j}] ${x} vs ${wb[i][j]}`)));
    tf.dispose([xs, ys]);
    fastModel.dispose(); refModel.dispose(); optFast.dispose(); optRef.dispose();
  }
});

test('weighted: fast-path gradients equal the cpu tape\'s, and weights 1 give the unweighted loss and gradients', () => {
  for (const c of CASES) {
    const last = c.spec.layers[c.spec.layers.length - 1].units;
    const model = build(c.spec);
    const plan = planDenseStack(model, c.loss)!;
    const { xs, ys } = data(33, c.spec.inputs, c.loss, last, 5);
    const w = sampleWeights(33, 9);
    const loss = denseStackGradients(plan, xs, ys, w);
    const fast = plan.grads.map((g) => g.slice());
    const ones = denseStackGradients(plan, xs, ys, new Float32Array(33).fill(1));
    const onesGrads = plan.grads.map((g) => g.slice());
    const plain = denseStackGradients(plan, xs, ys);
    assert.ok(Math.abs(ones - plain) <= 1e-6 * Math.max(1, Math.abs(plain)), `${c.name}: weights 1 ${ones} vs unweighted ${plain}`);
    plan.grads.forEach((g, k) => g.forEach((v, j) => assert.ok(Math.abs(v - onesGrads[k][j]) <= 1e-6 + 1e-5 * Math.abs(v), `${c.name}: weights-1 gradient ${k}[${j}]`)));
    const weights = weightsOf(model);
    const x = xs.dataSync().slice(), y = ys.dataSync().slice();
    const yShape = ys.shape;
    tf.dispose([xs, ys]);
    model.dispose();

    tf.setBackend('cpu');
    try {
      const refModel = build(c.spec);
      const fresh = weights.map((v, i) => tf.tensor(v, refModel.getWeights()[i].shape));
      refModel.setWeights(fresh);
      tf.dispose(fresh);
      const trainable = refModel.trainableWeights.map((v) => (v as unknown as { val: tf.Variable }).val);
      const xr = tf.tensor2d(x, [33, c.spec.inputs]), yr = tf.tensor(y, yShape);
      const { value, grads } = tf.variableGrads(() => lossFor(c.loss, yr, refModel.apply(xr, { training: true }) as tf.Tensor, w), trainable);
      assert.ok(Math.abs(loss - value.dataSync()[0]) <= 1e-5 * Math.max(1, Math.abs(loss)), `${c.name}: weighted loss ${loss} vs ${value.dataSync()[0]}`);
      trainable.forEach((v, k) => {
        const want = grads[v.name].dataSync();
        fast[k].forEach((g, j) => assert.ok(Math.abs(g - want[j]) <= 1e-5 + 1e-4 * Math.abs(want[j]), `${c.name}: weighted d${v.name}[${j}] ${g} vs ${want[j]}`));
      });
      tf.dispose([xr, yr, value, ...Object.values(grads)]);
      refModel.dispose();
    } finally {
      tf.setBackend('wasm');
    }
  }
});
