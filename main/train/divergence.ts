/**
 * When has a run diverged? Rules for every task and every training path (the
 * tape step, fused Adam, the wasm dense stack), checked by the trainer:
 *
 * 1. per batch: the loss is NaN or ±Infinity;
 * 2. per epoch: a weight is NaN or ±Infinity (a gradient that overflowed shows
 *    up here at the latest, whatever the loss says: an infinite bias behind a
 *    relu can leave the loss finite);
 * 3. per epoch: the training loss exploded, above EXPLOSION_FACTOR times its
 *    reference (the larger of the first batch's loss and a trivial
 *    predictor's: the mean for regression, uniform for classification);
 * 4. per epoch, classification: the data loss is pinned near the clipping
 *    ceiling (−log 1e-7 ≈ 16.1 per sample), i.e. the predictions are
 *    saturated and confidently wrong. The clipping bounds the loss and zeroes
 *    the gradient of such samples, so without this rule a run at a learning
 *    rate of 1e6 ends "completed" with a flat loss and chance accuracy.
 *
 * The thresholds sit far from healthy runs: test/main/train/divergence.test.ts
 * trains the sample datasets with default settings over several seeds and
 * checks the margins, and drives every optimizer at a learning rate of 1e6.
 * The rules are pure; the trainer owns the tensors.
 */
import type { Task } from '../api/schemas.ts';
import { CROSS_ENTROPY_CEILING } from './probability-clip.ts';

/** Rule 3: an epoch's mean training loss this many times its reference has exploded (healthy runs stay within a few times). */
export const EXPLOSION_FACTOR = 1000;

/**
 * Rule 4: the saturation threshold sits halfway between chance (ln C, the loss
 * of a uniform prediction) and the ceiling: for 3 classes 8.6 nats (a mean
 * probability of the true class below 2e-4), for 10 classes 9.2.
 */
export function saturationThreshold(numClasses: number): number {
  return (CROSS_ENTROPY_CEILING + Math.log(Math.max(2, numClasses))) / 2;
}

/**
 * The loss of a trivial predictor, in training units: uniform probabilities for
 * classification (ln C), the training targets' mean for regression (their variance).
 */
export function trivialLoss(task: Task, numClasses: number, targets: ArrayLike<number>): number {
  if (task === 'classification') return Math.log(Math.max(2, numClasses));
  const n = targets.length;
  if (n === 0) return 0;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += targets[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (targets[i] - mean) ** 2;
  return ss / n;
}

export type DivergenceContext = {
  task: Task;
  numClasses: number;
  /** The learning rate in use, named in the remedy. */
  learningRate: number;
};

const remedy = (lr: number): string =>
  `lower the learning rate (now ${lr}) or add gradient clipping (hyperparams.gradientClip)`;

/** Rule 1, after every batch (epoch and batch 1-based). */
export function batchDivergence(loss: number, epoch: number, batch: number, ctx: DivergenceContext): string | null {
  if (Number.isFinite(loss)) return null;
  return `Loss became ${String(loss)} at epoch ${epoch}, batch ${batch}: ${remedy(ctx.learningRate)}`;
}

export type EpochFacts = {
  /** 1-based. */
  epoch: number;
  /** Mean training objective over the epoch's batches. */
  trainLoss: number;
  /** The larger of the first batch's loss and trivialLoss(): what "exploded" is measured against. */
  reference: number;
  /** Data loss of the training rows in inference mode (no penalties): the classification saturation rule reads it. */
  trainDataLoss: number;
  /** Name of the first weight with a non-finite value, or null. */
  nonFiniteWeight: string | null;
};

/** Rules 2–4, after every epoch. */
export function epochDivergence(f: EpochFacts, ctx: DivergenceContext): string | null {
  const fix = remedy(ctx.learningRate);
  if (f.nonFiniteWeight !== null) return `The weights of ${f.nonFiniteWeight} became NaN or infinite during epoch ${f.epoch}: ${fix}`;
  if (f.trainLoss > EXPLOSION_FACTOR * f.reference) {
    return `The training loss exploded during epoch ${f.epoch} (${f.trainLoss.toPrecision(3)}, more than ${EXPLOSION_FACTOR}× its start of ${f.reference.toPrecision(3)}): ${fix}`;
  }
  if (ctx.task === 'classification' && f.trainDataLoss >= saturationThreshold(ctx.numClasses)) {
    return (
      `The predictions saturated during epoch ${f.epoch}: the training loss is ${f.trainDataLoss.toFixed(2)}, near its ceiling of ` +
      `${CROSS_ENTROPY_CEILING.toFixed(2)} (confidently wrong predictions; chance is ${Math.log(Math.max(2, ctx.numClasses)).toFixed(2)}): ${fix}`
    );
  }
  return null;
}

/** Index of the first NaN or ±Infinity in `values`, or −1. */
export function firstNonFinite(values: ArrayLike<number>): number {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return i;
  return -1;
}
