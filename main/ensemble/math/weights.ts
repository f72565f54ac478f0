/**
 * Member weights: non-negative, finite, not all zero, one per member; every
 * combiner normalises them to sum to 1 so that weights [2, 1] and [4, 2] mean
 * the same ensemble.
 */
import { ApiError } from '../../api/errors.ts';

/** Weights divided by their sum; equal weights when none are given. */
export function normaliseWeights(weights: ArrayLike<number> | undefined, members: number): Float64Array {
  if (weights === undefined) return new Float64Array(members).fill(1 / members);
  if (weights.length !== members) throw new ApiError('invalid_argument', `${weights.length} weights for ${members} members`);
  let sum = 0;
  for (let m = 0; m < members; m++) {
    const w = weights[m];
    if (!Number.isFinite(w) || w < 0) throw new ApiError('invalid_argument', `member ${m} has weight ${w}; weights must be finite and ≥ 0`);
    sum += w;
  }
  if (sum === 0) throw new ApiError('invalid_argument', 'all member weights are 0; at least one member needs a positive weight');
  return Float64Array.from({ length: members }, (_, m) => weights[m] / sum);
}

/** Weights from selection counts (member m chosen counts[m] times). */
export function weightsFromCounts(counts: ArrayLike<number>): Float64Array {
  return normaliseWeights(counts, counts.length);
}
