import { test } from 'node:test';
import assert from 'node:assert/strict';
import { learningRateAt } from '../../../main/train/schedules.ts';

const close = (a: number, b: number, eps = 1e-12) => assert.ok(Math.abs(a - b) < eps, `${a} != ${b}`);

test('constant schedule keeps the base rate', () => {
  for (const e of [0, 5, 99]) assert.equal(learningRateAt({ kind: 'constant' }, 0.1, e, 100), 0.1);
});

test('step schedule halves every stepSize epochs', () => {
  const s = { kind: 'step', stepSize: 10, gamma: 0.5 } as const;
  close(learningRateAt(s, 0.1, 0, 50), 0.1);
  close(learningRateAt(s, 0.1, 9, 50), 0.1);
  close(learningRateAt(s, 0.1, 10, 50), 0.05);
  close(learningRateAt(s, 0.1, 25, 50), 0.025);
});

test('exponential schedule decays by gamma each epoch', () => {
  const s = { kind: 'exponential', gamma: 0.9 } as const;
  close(learningRateAt(s, 1, 0, 10), 1);
  close(learningRateAt(s, 1, 1, 10), 0.9);
  close(learningRateAt(s, 1, 3, 10), 0.729);
});

test('cosine schedule goes from base to min over the period', () => {
  const s = { kind: 'cosine', minLearningRate: 0 } as const;
  close(learningRateAt(s, 0.1, 0, 10), 0.1);
  close(learningRateAt(s, 0.1, 5, 10), 0.05);
  close(learningRateAt(s, 0.1, 10, 10), 0);
  // cos(π/4) = √2/2 → 0.1·(1+0.70710678)/2
  close(learningRateAt(s, 0.1, 1, 4), 0.1 * (1 + Math.SQRT1_2) / 2);
  const withMin = { kind: 'cosine', minLearningRate: 0.01, periodEpochs: 4 } as const;
  close(learningRateAt(withMin, 0.1, 2, 100), 0.055);
  close(learningRateAt(withMin, 0.1, 4, 100), 0.01);
  close(learningRateAt(withMin, 0.1, 50, 100), 0.01); // past the period: stays at the minimum
});
