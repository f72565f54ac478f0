/**
 * The probe and the advisor on deliberately broken networks, really trained:
 * a deep sigmoid stack with plain SGD, ReLU with a huge learning rate, a tiny
 * model on a hard task, a large model on 50 rows; and a healthy run that gets
 * none of the serious findings.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelSpec, Task } from '../../../main/api/schemas.ts';
import { initBackend } from '../../../main/backend/select.ts';
import { parseCsvDataset } from '../../../main/data/csv.ts';
import { applyRecipe, fitRecipe } from '../../../main/data/preprocess.ts';
import { loadSample } from '../../../main/data/samples.ts';
import { advise } from '../../../main/diagnose/advisor/index.ts';
import type { Finding } from '../../../main/diagnose/advisor/types.ts';
import { createDiagnosticsProbe } from '../../../main/diagnose/tf-probe.ts';
import type { EpochDiagnostics, EpochLoss } from '../../../main/diagnose/types.ts';
import { buildModel } from '../../../main/model/builder.ts';
import { trivialLoss } from '../../../main/train/divergence.ts';
import { createTrainStep, lossFor } from '../../../main/train/step.ts';
import { packageRoot } from '../../../main/util/package-root.ts';
import { createRng } from '../../../main/util/rng.ts';
import { config } from './advisor/fixtures.ts';

before(async () => {
  delete process.env.MODELBENCH_BACKEND;
  await initBackend(['wasm']);
});

type Data = { x: Float32Array; y: Float32Array; n: number; F: number };
type Problem = { train: Data; val: Data; task: Task; outputs: number };

/**
 * A sample as a table, standardised on its training rows, split after a seeded
 * shuffle into `train` training rows and `val` validation rows. `label` makes a
 * regression on that column (left unscaled, as a user might).
 */
function problem(name: 'breast_cancer' | 'digits', train: number, val: number, label?: string): Problem {
  const d = label ? parseCsvDataset(readFileSync(join(packageRoot, 'assets', 'samples', `${name}.csv`), 'utf8'), { label, task: 'regression' }) : loadSample(name);
  const F = d.x.length / d.y.length;
  const order = createRng(3).shuffle(Int32Array.from({ length: d.y.length }, (_, i) => i)) as Int32Array;
  const pick = (rows: Int32Array): Data => {
    const x = new Float32Array(rows.length * F);
    rows.forEach((r, i) => x.set(d.x.subarray(r * F, (r + 1) * F), i * F));
    return { x, y: Float32Array.from(rows, (r) => d.y[r]), n: rows.length, F };
  };
  const tr = pick(order.subarray(0, train));
  const va = pick(order.subarray(train, train + val));
  const recipe = fitRecipe('standardize', tr.x, [F], Int32Array.from({ length: tr.n }, (_, i) => i));
  const scaled = (s: Data): Data => ({ ...s, x: applyRecipe(recipe, s.x, [F]) });
  return { train: scaled(tr), val: scaled(va), task: d.task, outputs: d.task === 'classification' ? d.classes.length : 1 };
}

/** Trains epoch by epoch with the project's step, recording the loss curves and the probe's diagnostics; then advises. */
function trainAndAdvise(spec: ModelSpec, optimizer: { kind: 'sgd' | 'adam'; learningRate: number }, p: Problem, epochs: number): Finding[] {
  const { train, val } = p;
  const loss = p.task === 'classification' ? 'categorical' : 'mse';
  const labels = (y: Float32Array) => (loss === 'mse' ? tf.tensor2d(y, [y.length, 1]) : tf.tensor1d(y));
  const model = buildModel(spec, { inputShape: [train.F], outputUnits: p.outputs, task: p.task }, 1);
  const opt = optimizer.kind === 'sgd' ? tf.train.sgd(optimizer.learningRate) : tf.train.adam(optimizer.learningRate);
  const step = createTrainStep(model, opt, loss);
  const probeRows = Math.min(128, val.n);
  const probe = createDiagnosticsProbe(model, { x: val.x.subarray(0, probeRows * val.F), y: val.y.subarray(0, probeRows), n: probeRows }, loss);
  const curves: EpochLoss[] = [];
  const diagnostics: EpochDiagnostics[] = [];
  const rng = createRng(5);
  const order = Int32Array.from({ length: train.n }, (_, i) => i);
  for (let e = 1; e <= epochs; e++) {
    rng.shuffle(order);
    let sum = 0;
    let batches = 0;
    for (let s = 0; s < train.n; s += 32) {
      const rows = order.subarray(s, Math.min(s + 32, train.n));
      const bx = new Float32Array(rows.length * train.F);
      rows.forEach((r, i) => bx.set(train.x.subarray(r * train.F, (r + 1) * train.F), i * train.F));
      sum += tf.tidy(() => step(tf.tensor2d(bx, [rows.length, train.F]), labels(Float32Array.from(rows, (r) => train.y[r]))));
      batches++;
    }
    const valLoss = tf.tidy(() => lossFor(loss, labels(val.y), model.predict(tf.tensor2d(val.x, [val.n, val.F])) as tf.Tensor).dataSync()[0]);
    curves.push({ epoch: e, trainLoss: sum / batches, valLoss });
    diagnostics.push(probe.measure(e));
    if (!Number.isFinite(sum)) break;
  }
  probe.dispose();
  opt.dispose();
  model.dispose();
  return advise({ curves, diagnostics, config: config(spec.layers, { optimizer }), baselineLoss: trivialLoss(p.task, p.outputs, p.train.y) });
}

const dense = (units: number, activation: 'relu' | 'sigmoid' = 'relu') => ({ kind: 'dense' as const, units, activation, useBias: true });
const summary = (f: Finding[]) => f.map((x) => `${x.code}/${x.severity}@${x.layer ?? '-'}:${x.epoch}`).join(', ');

test('a deep sigmoid stack with plain SGD: vanishing gradients in its first layers', () => {
  const findings = trainAndAdvise({ layers: Array.from({ length: 8 }, () => dense(32, 'sigmoid')) }, { kind: 'sgd', learningRate: 0.05 }, problem('breast_cancer', 400, 169), 6);
  const f = findings.find((x) => x.code === 'vanishing_gradients');
  assert.ok(f, summary(findings));
  assert.match(f.layer ?? '', /^dense_[1-3]$/);
});

test('ReLU with a huge learning rate: its units die and the loss stays worse than guessing', () => {
  // Unscaled regression targets (mean area, in the hundreds) make every SGD step huge.
  const findings = trainAndAdvise({ layers: [dense(32), dense(32)] }, { kind: 'sgd', learningRate: 0.01 }, problem('breast_cancer', 400, 169, 'mean_area'), 5);
  assert.ok(findings.some((x) => x.code === 'dead_units' && x.severity === 'serious' && /^dense_[12]$/.test(x.layer ?? '')), summary(findings));
  assert.ok(findings.some((x) => x.code === 'lr_too_high' && x.severity === 'serious'), summary(findings));
});

test('a classifier whose first huge step saturated its output: lr_too_high, not underfitting', () => {
  const findings = trainAndAdvise({ layers: [dense(64), dense(64)] }, { kind: 'sgd', learningRate: 10 }, problem('breast_cancer', 400, 169), 5);
  assert.ok(findings.some((x) => x.code === 'lr_too_high' && x.severity === 'serious' && /all zero/.test(x.evidence)), summary(findings));
  assert.ok(!findings.some((x) => x.code === 'underfitting'), summary(findings));
});

test('a tiny model on a hard task: underfitting', () => {
  const findings = trainAndAdvise({ layers: [dense(1)] }, { kind: 'adam', learningRate: 0.01 }, problem('digits', 1200, 300), 15);
  assert.ok(findings.some((x) => x.code === 'underfitting'), summary(findings));
});

test('a large model on 50 rows: overfitting', () => {
  const findings = trainAndAdvise({ layers: [dense(256), dense(256)] }, { kind: 'adam', learningRate: 0.003 }, problem('breast_cancer', 50, 200), 40);
  assert.ok(findings.some((x) => x.code === 'overfitting'), summary(findings));
});

test('a healthy run gets none of the serious findings', () => {
  const findings = trainAndAdvise({ layers: [dense(32), dense(32)] }, { kind: 'adam', learningRate: 0.001 }, problem('breast_cancer', 400, 169), 20);
  assert.deepEqual(findings.filter((f) => f.severity === 'serious'), [], summary(findings));
});
