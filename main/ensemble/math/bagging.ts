/**
 * Bagging (Breiman, 1996): each member trains on a seeded bootstrap resample
 * of the training rows (drawn with replacement, so about 63% of the distinct
 * rows are in and the other ~37% are "out of bag"), optionally on a random
 * subset of the features (the random-subspace idea; a member sees the others
 * as 0 after preprocessing, so its input shape does not change). The out-of-bag
 * estimate scores each training row with only the members that did not train
 * on it: a validation score for free.
 *
 * Everything is a pure function of (seed, member index), so a resumed job
 * draws the same resamples for the members it still has to train.
 */
import { ApiError } from '../../api/errors.ts';
import { createRng, deriveSeed } from '../../util/rng.ts';
import { checkPredictions, type PredictionSet } from './predictions.ts';
import { metricLabelWidth, metricLoss, metricValue, type EnsembleMetric } from './scores.ts';

export type Bootstrap = {
  /** Positions into the training rows, with repeats: how often a row appears is how often it is trained on per epoch. */
  rows: Int32Array;
  /** 1 where the training row was never drawn (out of bag). */
  outOfBag: Uint8Array;
};

/**
 * Member `member`'s resample of `trainRows` (dataset row indices): `fraction`·n
 * draws with replacement (default 1, the classic bootstrap). Returns dataset
 * row indices and the out-of-bag mask over positions of trainRows.
 */
export function bootstrap(trainRows: Int32Array, seed: number, member: number, fraction = 1): Bootstrap {
  const n = trainRows.length;
  if (n === 0) throw new ApiError('invalid_argument', 'cannot bootstrap an empty set of training rows');
  if (!(fraction > 0 && fraction <= 1)) throw new ApiError('invalid_argument', `bootstrap fraction must be in (0, 1], got ${fraction}`);
  const rng = createRng(deriveSeed(seed, `bootstrap:${member}`));
  const draws = Math.max(1, Math.round(fraction * n));
  const rows = new Int32Array(draws);
  const outOfBag = new Uint8Array(n).fill(1);
  for (let i = 0; i < draws; i++) {
    const pos = rng.int(n);
    rows[i] = trainRows[pos];
    outOfBag[pos] = 0;
  }
  return { rows, outOfBag };
}

/**
 * Member `member`'s feature mask: 1 for the round(fraction·features) features
 * it keeps (at least one), chosen without replacement; 0 for the others.
 */
export function featureSubset(features: number, seed: number, member: number, fraction: number): Uint8Array {
  if (!Number.isInteger(features) || features < 1) throw new ApiError('invalid_argument', `feature subsets need at least one feature, got ${features}`);
  if (!(fraction > 0 && fraction <= 1)) throw new ApiError('invalid_argument', `feature fraction must be in (0, 1], got ${fraction}`);
  const keep = Math.max(1, Math.round(fraction * features));
  const order = Int32Array.from({ length: features }, (_, i) => i);
  createRng(deriveSeed(seed, `features:${member}`)).shuffle(order);
  const mask = new Uint8Array(features);
  for (let i = 0; i < keep; i++) mask[order[i]] = 1;
  return mask;
}

export type OutOfBag = {
  /** Per-row mean of the out-of-bag members' outputs, [rows × outputs]; 0 where no member was out of bag. */
  values: Float32Array;
  /** 1 where at least one member was out of bag for the row. */
  covered: Uint8Array;
  coveredRows: number;
};

/**
 * Out-of-bag predictions: `set` holds every member's predictions on the
 * training rows (in the order of the masks' positions); each row averages only
 * the members whose mask marks it out of bag.
 */
export function outOfBagPredictions(set: PredictionSet, masks: Uint8Array[]): OutOfBag {
  checkPredictions(set);
  const { members, rows, outputs } = set;
  if (masks.length !== members) throw new ApiError('invalid_argument', `${masks.length} out-of-bag masks for ${members} members`);
  masks.forEach((mask, m) => {
    if (mask.length !== rows) throw new ApiError('invalid_argument', `member ${m}'s out-of-bag mask covers ${mask.length} rows, predictions ${rows}`);
  });
  const sum = new Float64Array(rows * outputs);
  const count = new Int32Array(rows);
  for (let m = 0; m < members; m++) {
    for (let r = 0; r < rows; r++) {
      if (masks[m][r] !== 1) continue;
      count[r]++;
      const from = (m * rows + r) * outputs;
      for (let k = 0; k < outputs; k++) sum[r * outputs + k] += set.values[from + k];
    }
  }
  const values = new Float32Array(rows * outputs);
  const covered = new Uint8Array(rows);
  let coveredRows = 0;
  for (let r = 0; r < rows; r++) {
    if (count[r] === 0) continue;
    covered[r] = 1;
    coveredRows++;
    for (let k = 0; k < outputs; k++) values[r * outputs + k] = sum[r * outputs + k] / count[r];
  }
  return { values, covered, coveredRows };
}

/**
 * The out-of-bag estimate: the metric of the out-of-bag predictions on the
 * rows at least one member left out (rows every member drew are skipped).
 */
export function outOfBagScore(
  set: PredictionSet,
  masks: Uint8Array[],
  labels: ArrayLike<number>,
  metric: EnsembleMetric,
): { loss: number; value: number; coveredRows: number } {
  const width = metricLabelWidth(metric, set.outputs);
  checkPredictions(set, labels, width);
  const oob = outOfBagPredictions(set, masks);
  if (oob.coveredRows === 0) throw new ApiError('invalid_argument', 'no training row was out of bag for any member; train more members for an out-of-bag estimate');
  const { outputs } = set;
  const pred = new Float32Array(oob.coveredRows * outputs);
  const kept = new Float32Array(oob.coveredRows * width);
  let i = 0;
  for (let r = 0; r < oob.covered.length; r++) {
    if (oob.covered[r] !== 1) continue;
    pred.set(oob.values.subarray(r * outputs, (r + 1) * outputs), i * outputs);
    for (let k = 0; k < width; k++) kept[i * width + k] = labels[r * width + k];
    i++;
  }
  const loss = metricLoss(metric, pred, outputs, kept);
  return { loss, value: metricValue(metric, loss), coveredRows: oob.coveredRows };
}
