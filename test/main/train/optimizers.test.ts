import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import type { Optimizer } from '../../../main/api/schemas.ts';
import { createOptimizer, setLearningRate, getLearningRate, disposeOptimizer } from '../../../main/train/optimizers.ts';

before(async () => {
  await tf.setBackend('cpu');
});

const configs: Optimizer[] = [
  { kind: 'sgd', learningRate: 0.1 },
  { kind: 'momentum', learningRate: 0.1, momentum: 0.9, nesterov: false },
  { kind: 'momentum', learningRate: 0.1, momentum: 0.9, nesterov: true },
  { kind: 'adam', learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
  { kind: 'rmsprop', learningRate: 0.1, rho: 0.9, momentum: 0.5, epsilon: 1e-7 },
];

/** The first update of a fresh optimizer on grad = 1: its size is proportional to the rate for all four kinds. */
function firstUpdate(cfg: Optimizer, lr: number | null): number {
  const opt = createOptimizer(cfg);
  if (lr !== null) setLearningRate(opt, lr);
  const init = tf.scalar(1);
  const v = tf.variable(init, true, `v_${Math.random().toString(36).slice(2)}`);
  init.dispose();
  const g = tf.scalar(1);
  opt.applyGradients({ [v.name]: g });
  const delta = 1 - v.dataSync()[0];
  g.dispose();
  v.dispose();
  disposeOptimizer(opt);
  return delta;
}

for (const cfg of configs) {
  const label = `${cfg.kind}${cfg.kind === 'momentum' && cfg.nesterov ? ' (nesterov)' : ''}`;
  test(`${label}: setLearningRate changes the next step and nothing leaks`, () => {
    const start = tf.memory().numTensors;
    const base = firstUpdate(cfg, null);
    const tenth = firstUpdate(cfg, 0.01);
    assert.ok(base > 0);
    assert.ok(Math.abs(tenth / base - 0.1) < 1e-3, `${label}: ratio ${tenth / base}`);
    assert.equal(tf.memory().numTensors, start);
  });
}

test('setLearningRate between steps of the same optimizer', () => {
  const start = tf.memory().numTensors;
  const opt = createOptimizer({ kind: 'sgd', learningRate: 0.5 });
  const init = tf.scalar(0);
  const v = tf.variable(init, true, 'sgd_between');
  init.dispose();
  const g = tf.scalar(1);
  opt.applyGradients({ [v.name]: g });
  assert.ok(Math.abs(v.dataSync()[0] + 0.5) < 1e-6);
  setLearningRate(opt, 0.25);
  assert.equal(getLearningRate(opt), 0.25);
  opt.applyGradients({ [v.name]: g });
  assert.ok(Math.abs(v.dataSync()[0] + 0.75) < 1e-6);
  g.dispose();
  v.dispose();
  disposeOptimizer(opt);
  assert.equal(tf.memory().numTensors, start);
});
