/**
 * Stacking (Wolpert, 1992) without leakage: the meta-learner learns from
 * out-of-fold predictions only. The training rows are split into k folds; for
 * each fold f and member m, a copy of m trains on the other folds and predicts
 * fold f. Every row's meta-feature therefore comes from a model that never saw
 * that row (scikit-learn's StackingClassifier does the same with
 * cross_val_predict). The members the exported ensemble uses are then trained
 * on all training rows, and the meta-learner combines them.
 *
 * Training is the caller's: it gets (member, fold, train positions, holdout
 * positions) and returns the holdout predictions; the engine trains these
 * through its worker pool in parallel.
 */
import { ApiError } from '../../api/errors.ts';
import { foldPositions } from './folds.ts';
import type { PredictionSet } from './predictions.ts';

/** Trains member `member` on the positions `train` and returns its predictions for `holdout`, [holdout × outputs]. */
export type FoldTrainer = (member: number, fold: number, train: Int32Array, holdout: Int32Array) => Promise<Float32Array>;

/** Number of folds in an assignment (fold ids are 0..k−1). */
export function foldCount(folds: Int32Array): number {
  let k = 0;
  for (const f of folds) k = Math.max(k, f + 1);
  return k;
}

/**
 * Out-of-fold predictions of every member on every training position:
 * [members × rows × outputs], row r filled only from the (member, fold(r))
 * model, which was trained without fold(r).
 */
export async function outOfFoldPredictions(members: number, folds: Int32Array, outputs: number, train: FoldTrainer): Promise<PredictionSet> {
  if (!Number.isInteger(members) || members < 1) throw new ApiError('invalid_argument', `stacking needs at least one member, got ${members}`);
  const rows = folds.length;
  const k = foldCount(folds);
  const parts = Array.from({ length: k }, (_, f) => foldPositions(folds, f));
  parts.forEach((p, f) => {
    if (p.holdout.length === 0) throw new ApiError('invalid_argument', `fold ${f} holds no rows`);
  });
  const values = new Float32Array(members * rows * outputs);
  const jobs: Promise<void>[] = [];
  for (let m = 0; m < members; m++) {
    for (let f = 0; f < k; f++) {
      const { train: trainPositions, holdout } = parts[f];
      jobs.push(
        train(m, f, trainPositions, holdout).then((pred) => {
          if (pred.length !== holdout.length * outputs) {
            throw new ApiError('internal', `member ${m} on fold ${f} returned ${pred.length} values for ${holdout.length} rows × ${outputs} outputs`);
          }
          for (let i = 0; i < holdout.length; i++) {
            values.set(pred.subarray(i * outputs, (i + 1) * outputs), (m * rows + holdout[i]) * outputs);
          }
        }),
      );
    }
  }
  await Promise.all(jobs);
  return { values, members, rows, outputs };
}
