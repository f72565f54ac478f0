/**
 * Voting and averaging over member predictions:
 * - soft voting / averaging: the weighted mean of the members' outputs, which
 *   is the mean of the probabilities for classification and the mean
 *   prediction for regression (one function: the maths is the same);
 * - hard voting: each member votes for its argmax class with its weight; the
 *   class with the largest total wins, ties going to the lowest class index
 *   (as scikit-learn's VotingClassifier(voting='hard') does).
 *
 * Sums run in float64 and members in index order, so the result is the same
 * on every machine and a member with weight 1 (others 0) reproduces its own
 * predictions exactly.
 */
import { argmaxRows } from '../../train/metrics.ts';
import { checkPredictions, memberBlock, type PredictionSet } from './predictions.ts';
import { normaliseWeights } from './weights.ts';

/** Weighted mean of the members' outputs, [rows × outputs]. */
export function averagePredictions(set: PredictionSet, weights?: ArrayLike<number>): Float32Array {
  checkPredictions(set);
  const w = normaliseWeights(weights, set.members);
  const size = set.rows * set.outputs;
  const sum = new Float64Array(size);
  for (let m = 0; m < set.members; m++) {
    if (w[m] === 0) continue;
    const block = memberBlock(set, m);
    for (let i = 0; i < size; i++) sum[i] += w[m] * block[i];
  }
  return Float32Array.from(sum);
}

/** Weighted majority vote: one class index per row. */
export function hardVote(set: PredictionSet, weights?: ArrayLike<number>): Int32Array {
  checkPredictions(set);
  const w = normaliseWeights(weights, set.members);
  const { rows, outputs } = set;
  const tally = new Float64Array(rows * outputs);
  for (let m = 0; m < set.members; m++) {
    const votes = argmaxRows(memberBlock(set, m), outputs);
    for (let r = 0; r < rows; r++) tally[r * outputs + votes[r]] += w[m];
  }
  return argmaxRows(tally, outputs);
}
