/**
 * Optimizer construction, per-epoch learning-rate changes and leak-free disposal.
 *
 * tfjs optimizers read their rate in two different ways, which is why setting
 * `learningRate` alone is not enough:
 * - SGDOptimizer (and MomentumOptimizer, its subclass) multiply by a kept scalar
 *   tensor `c = -lr`; their `setLearningRate()` rebuilds it.
 * - AdamOptimizer and RMSPropOptimizer read the plain number `this.learningRate`
 *   inside every applyGradients call.
 */
import * as tf from '@tensorflow/tfjs';
import type { Optimizer } from '../api/schemas.ts';

export function createOptimizer(cfg: Optimizer): tf.Optimizer {
  switch (cfg.kind) {
    case 'sgd':
      return tf.train.sgd(cfg.learningRate);
    case 'momentum':
      return tf.train.momentum(cfg.learningRate, cfg.momentum, cfg.nesterov);
    case 'adam':
      return tf.train.adam(cfg.learningRate, cfg.beta1, cfg.beta2, cfg.epsilon);
    case 'rmsprop':
      return tf.train.rmsprop(cfg.learningRate, cfg.rho, cfg.momentum, cfg.epsilon);
  }
}

type RateField = { learningRate: number; setLearningRate?: (lr: number) => void };

/** Changes the rate that the next applyGradients uses. */
export function setLearningRate(opt: tf.Optimizer, lr: number): void {
  const o = opt as unknown as RateField;
  if (o.learningRate === lr) return;
  // SGD / momentum: the method re-creates the kept `c` scalar (and disposes the old one).
  if (typeof o.setLearningRate === 'function') o.setLearningRate(lr);
  else o.learningRate = lr;
}

export function getLearningRate(opt: tf.Optimizer): number {
  return (opt as unknown as RateField).learningRate;
}

/**
 * Disposes every tensor the optimizer holds. MomentumOptimizer.dispose() (tfjs 4.22)
 * forgets the `c` scalar it inherits from SGDOptimizer, which leaks one tensor per
 * run; we dispose it here ourselves.
 */
export function disposeOptimizer(opt: tf.Optimizer): void {
  const c = (opt as unknown as { c?: tf.Tensor }).c;
  opt.dispose();
  if (c && !c.isDisposed) c.dispose();
}
