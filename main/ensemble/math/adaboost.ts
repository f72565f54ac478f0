/**
 * AdaBoost, multi-class, in its SAMME form (Zhu, Zou, Rosset & Hastie, 2009;
 * scikit-learn's AdaBoostClassifier(algorithm='SAMME')). Stage m:
 *
 *   err_m = Σ w_i [h_m(x_i) ≠ y_i] / Σ w_i                (weighted training error)
 *   α_m   = ν · (log((1 − err_m) / err_m) + log(K − 1))   (member weight; ν = learning rate)
 *   w_i  ← w_i · exp(α_m [h_m(x_i) ≠ y_i]), then Σ w_i = 1 (misclassified rows gain weight)
 *
 * and the next member trains with the new sample weights. Stopping rules, as
 * scikit-learn's: err ≥ 1 − 1/K (no better than chance: the member is dropped
 * and boosting stops); err = 0 (a perfect member: kept with weight 1, and
 * boosting stops, since no row is left to emphasise).
 *
 * SAMME's decision is the α-weighted vote of the members' classes: hardVote(set, α)
 * in voting.ts. The exported single model averages the members' probabilities
 * with weights α instead (averagePredictions), which a graph of standard layers
 * can compute; the engine must predict the same way it exports.
 */
import { ApiError } from '../../api/errors.ts';

export type SammeStop = 'worse_than_chance' | 'perfect' | null;

export type SammeStage = {
  /** Weighted training error of this member. */
  error: number;
  /** The member's weight α (0 when it is dropped). */
  alpha: number;
  /** Sample weights for the next member, summing to 1. */
  sampleWeights: Float64Array;
  /** Why boosting stops after this stage (null: go on). */
  stop: SammeStop;
};

/** Uniform sample weights 1/n: the first member trains as usual. */
export function initialSampleWeights(rows: number): Float64Array {
  if (!Number.isInteger(rows) || rows < 1) throw new ApiError('invalid_argument', `boosting needs at least one training row, got ${rows}`);
  return new Float64Array(rows).fill(1 / rows);
}

/**
 * One SAMME stage: `predicted` and `labels` are class indices on the training
 * rows, in the order of `sampleWeights`.
 */
export function sammeStage(
  sampleWeights: Float64Array,
  predicted: ArrayLike<number>,
  labels: ArrayLike<number>,
  numClasses: number,
  learningRate = 1,
): SammeStage {
  const n = sampleWeights.length;
  if (predicted.length !== n || labels.length !== n) {
    throw new ApiError('invalid_argument', `${n} sample weights, ${predicted.length} predictions and ${labels.length} labels: they must match`);
  }
  if (!Number.isInteger(numClasses) || numClasses < 2) throw new ApiError('invalid_argument', `boosting needs at least 2 classes, got ${numClasses}`);
  if (!(learningRate > 0 && Number.isFinite(learningRate))) throw new ApiError('invalid_argument', `learning rate must be > 0, got ${learningRate}`);
  let total = 0;
  let wrong = 0;
  for (let i = 0; i < n; i++) {
    const w = sampleWeights[i];
    if (!(w >= 0) || !Number.isFinite(w)) throw new ApiError('invalid_argument', `sample weight ${i} is ${w}; weights must be finite and ≥ 0`);
    total += w;
    if (predicted[i] !== labels[i]) wrong += w;
  }
  if (total <= 0) throw new ApiError('invalid_argument', 'all sample weights are 0');
  const error = wrong / total;
  if (error <= 0) return { error: 0, alpha: 1, sampleWeights: Float64Array.from(sampleWeights, (w) => w / total), stop: 'perfect' };
  if (error >= 1 - 1 / numClasses) return { error, alpha: 0, sampleWeights: Float64Array.from(sampleWeights, (w) => w / total), stop: 'worse_than_chance' };

  const alpha = learningRate * (Math.log((1 - error) / error) + Math.log(numClasses - 1));
  const grow = Math.exp(alpha);
  const next = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    next[i] = predicted[i] !== labels[i] && sampleWeights[i] > 0 ? sampleWeights[i] * grow : sampleWeights[i];
    sum += next[i];
  }
  for (let i = 0; i < n; i++) next[i] /= sum;
  return { error, alpha, sampleWeights: next, stop: null };
}

/**
 * Sample weights as the trainer takes them: scaled to mean 1, so a weighted
 * mean loss has the scale of the unweighted one and the learning rate keeps
 * its meaning.
 */
export function trainerSampleWeights(sampleWeights: Float64Array): Float32Array {
  const n = sampleWeights.length;
  const total = sampleWeights.reduce((a, b) => a + b, 0);
  return Float32Array.from(sampleWeights, (w) => (w * n) / total);
}
