/**
 * One optimisation step: forward, loss (+ layer regularisation), gradients,
 * optional clipping, update. Kept apart from the epoch loop because it is the
 * hot path that the benchmark measures and that backends tune.
 *
 * Speed notes (measured on wasm, see bench/): every tfjs kernel call costs
 * 10-40 µs of overhead whatever its size, so the step avoids small kernels:
 * - cross-entropy on the softmax head is one custom-gradient op computed in JS
 *   (labels are small), instead of ~15 kernels forward and backward;
 * - with Adam on wasm/cpu, clipping and the update run in one JS pass per
 *   variable (main/backend/fused-adam.ts) instead of ~13 kernels per variable;
 * - with Adam on wasm, a plain stack of Dense layers (an MLP) skips the engine
 *   altogether: forward and backward written out over XNNPACK products
 *   (main/backend/dense-stack.ts), ~2.4x faster on the bench MLP, same numbers.
 * Other optimizers, backends and models take the generic tfjs path.
 */
import * as tf from '@tensorflow/tfjs';
import type { GradientClip } from '../api/schemas.ts';
import { canRunDenseStack, denseStackStep, planDenseStack } from '../backend/dense-stack.ts';
import { applyAdamFused, canFuseAdam } from '../backend/fused-adam.ts';
import { clipRule } from './clip.ts';
import { PROBABILITY_EPSILON as EPS } from './probability-clip.ts';
import { weightedCrossEntropy, weightedSquaredError } from './weighted-loss.ts';

export type LossKind = 'categorical' | 'mse';

/**
 * One step on a batch. `sampleWeights` (one per row; boosting's): the batch
 * loss becomes the weighted mean Σ wᵢ·lossᵢ / Σ wᵢ (weighted-loss.ts), on the
 * tape path and the dense-stack path alike.
 */
export type TrainStep = (xs: tf.Tensor, ys: tf.Tensor, sampleWeights?: Float32Array) => number;

/**
 * Mean cross-entropy of softmax outputs `probs` [N, C] against class indices
 * `labels` [N] (floats). Probabilities are clipped to [1e-7, 1-1e-7] so log is
 * finite; the gradient is zero where the clip is active, as with clipByValue.
 */
const categoricalCrossEntropy = tf.customGrad(((probs: tf.Tensor, labels: tf.Tensor, save: tf.GradSaveFunc) => {
  const p = probs.dataSync();
  const y = labels.dataSync();
  const depth = probs.shape[probs.shape.length - 1] as number;
  const n = p.length / depth;
  const grad = new Float32Array(p.length);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const at = i * depth + y[i];
    const q = p[at];
    const c = q < EPS ? EPS : q > 1 - EPS ? 1 - EPS : q;
    total -= Math.log(c);
    if (c === q) grad[at] = -1 / (n * q);
  }
  const g = tf.tensor(grad, probs.shape, 'float32');
  save([g]);
  return {
    value: tf.scalar(total / n),
    // The labels are data, not parameters: their gradient is zero.
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [tf.mul(saved[0], dy), tf.zerosLike(labels)],
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]);

export function lossFor(kind: LossKind, labels: tf.Tensor, predictions: tf.Tensor, sampleWeights?: Float32Array): tf.Scalar {
  if (sampleWeights) return weightedLoss(kind, sampleWeights)(predictions, labels) as tf.Scalar;
  if (kind === 'mse') return tf.losses.meanSquaredError(labels, predictions) as tf.Scalar;
  // Labels are class indices; the head ends in softmax.
  return categoricalCrossEntropy(predictions, labels) as tf.Scalar;
}

/**
 * The weighted mean loss as one custom-gradient op computed in JS
 * (weighted-loss.ts), the function the dense stack calls too. The weights are
 * data of this batch, closed over: no gradient flows to them.
 */
function weightedLoss(kind: LossKind, weights: Float32Array) {
  return tf.customGrad(((predictions: tf.Tensor, labels: tf.Tensor, save: tf.GradSaveFunc) => {
    const p = predictions.dataSync();
    const y = labels.dataSync();
    const grad = new Float32Array(p.length);
    const k = predictions.shape[predictions.shape.length - 1] as number;
    const value = kind === 'mse' ? weightedSquaredError(p, y, weights, k, grad) : weightedCrossEntropy(p, y, weights, k, grad);
    const g = tf.tensor(grad, predictions.shape, 'float32');
    save([g]);
    return {
      value: tf.scalar(value),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [tf.mul(saved[0], dy), tf.zerosLike(labels)],
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
}

/**
 * Clipping on the generic path, by the one rule of clip.ts. By norm, the global
 * norm is read back (one scalar sync, only when clipping by norm) so that the
 * scale comes from the same pure function as the fused and dense-stack paths.
 */
export function clipGradients(grads: tf.NamedTensorMap, clip: GradientClip | undefined): tf.NamedTensorMap {
  if (!clip) return grads;
  const rule = clipRule(clip, () =>
    tf.tidy(() => tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g))))).dataSync()[0] as number),
  );
  const out: tf.NamedTensorMap = {};
  for (const [name, g] of Object.entries(grads)) {
    const scaled = rule.scale === 1 ? g : tf.mul(g, rule.scale);
    out[name] = Number.isFinite(rule.limit) ? tf.clipByValue(scaled, -rule.limit, rule.limit) : scaled;
  }
  return out;
}

/**
 * `denseStack: false` keeps a plain Dense stack on the generic (tape) path:
 * the reference that the fast path's tests compare with.
 */
export type TrainStepOptions = { denseStack?: boolean };

/** Returns a step function; the returned loss is read back (one sync per step) so NaN is caught at once. */
export function createTrainStep(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  loss: LossKind,
  clip?: GradientClip,
  options: TrainStepOptions = {},
): TrainStep {
  const trainable = model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
  // The model's structure is fixed once built, so the fast path's eligibility is decided once.
  const denseStack = options.denseStack === false ? null : planDenseStack(model, loss);
  return (xs, ys, sampleWeights) => {
    if (canRunDenseStack(denseStack, optimizer, xs, ys)) return denseStackStep(denseStack, optimizer, xs, ys, clip, sampleWeights);
    return tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => {
        const predictions = model.apply(xs, { training: true }) as tf.Tensor;
        const base = lossFor(loss, ys, predictions, sampleWeights);
        // Regularisers (L1/L2) are closures on the layers; calculateLosses evaluates them inside the tape.
        const regularisation = model.calculateLosses();
        return (regularisation.length ? tf.addN([base, ...regularisation]) : base) as tf.Scalar;
      }, trainable);
      // Decided per step: the backend is chosen once at start-up, but this stays correct if it changes.
      if (canFuseAdam(optimizer)) applyAdamFused(optimizer, trainable, trainable.map((v) => grads[v.name]), clip);
      else optimizer.applyGradients(clipGradients(grads, clip));
      return value.dataSync()[0] as number;
    });
  };
}

/** Whether createTrainStep would take the dense-stack fast path for this model and loss (diagnostics, tests). */
export function usesDenseStackPath(model: tf.LayersModel, loss: LossKind): boolean {
  return planDenseStack(model, loss) !== null;
}
