/**
 * Gradient boosting for regression with squared loss (Friedman, 2001), with
 * small networks as the stage learners:
 *
 *   F_0(x) = mean of the training targets
 *   r_i    = y_i − F_{m−1}(x_i)                 (residuals: the negative gradient of ½(y − F)²)
 *   h_m    = a member trained to predict r on the training rows
 *   F_m(x) = F_{m−1}(x) + ν · h_m(x)            (ν: shrinkage)
 *
 * Early stop on validation: the validation MSE of F_m is tracked with the
 * trainer's early-stopping machine (patience, min delta); the ensemble keeps
 * the best number of stages (possibly 0: the mean alone).
 *
 * The ensemble is linear in its members: output = F_0 + Σ ν·h_m, which the
 * merged model computes with one Dense layer over the members' outputs.
 */
import { ApiError } from '../../api/errors.ts';
import { initialEarlyStop, updateEarlyStop, type EarlyStopState } from '../../train/early-stopping.ts';
import { regressionMetrics } from '../../train/metrics.ts';

/** F_0: the mean of the targets (the constant with the least squared error). */
export function initialPrediction(targets: ArrayLike<number>): number {
  if (targets.length === 0) throw new ApiError('invalid_argument', 'gradient boosting needs at least one training row');
  let sum = 0;
  for (let i = 0; i < targets.length; i++) sum += targets[i];
  return sum / targets.length;
}

/** r = y − F: the targets of the next member. */
export function residuals(targets: ArrayLike<number>, current: ArrayLike<number>): Float32Array {
  if (targets.length !== current.length) throw new ApiError('invalid_argument', `${targets.length} targets but ${current.length} current predictions`);
  return Float32Array.from({ length: targets.length }, (_, i) => targets[i] - current[i]);
}

/** F_m = F_{m−1} + ν·h_m, as a new array (float64: hundreds of stages add up without drift). */
export function addStage(current: ArrayLike<number>, stage: ArrayLike<number>, shrinkage: number): Float64Array {
  if (current.length !== stage.length) throw new ApiError('invalid_argument', `${current.length} current predictions but ${stage.length} stage predictions`);
  checkShrinkage(shrinkage);
  return Float64Array.from({ length: current.length }, (_, i) => current[i] + shrinkage * stage[i]);
}

/** F_M on rows where every member's predictions are known: init + ν Σ_m h_m. */
export function boostedPrediction(init: number, stages: ArrayLike<number>[], shrinkage: number, rows: number): Float64Array {
  let f: Float64Array = new Float64Array(rows).fill(init);
  for (const s of stages) f = addStage(f, s, shrinkage);
  return f;
}

export type BoostingStop = {
  readonly state: EarlyStopState;
  /** Stages worth keeping so far (0 = the mean alone). */
  readonly bestStages: number;
};

/** Starts tracking with F_0's validation targets and prediction (stage 0). */
export function startBoosting(valTargets: ArrayLike<number>, init: number, patience: number, minDelta = 0): BoostingStop {
  if (!Number.isInteger(patience) || patience < 1) throw new ApiError('invalid_argument', `patience must be an integer ≥ 1, got ${patience}`);
  const state = initialEarlyStop({ monitor: 'val_mse', patience, minDelta });
  return updateBoosting({ state, bestStages: 0 }, 0, valTargets, new Float64Array(valTargets.length).fill(init)).next;
}

/** After stage `stage` (1-based): the new state and whether to stop training members. */
export function updateBoosting(
  tracker: BoostingStop,
  stage: number,
  valTargets: ArrayLike<number>,
  valPrediction: ArrayLike<number>,
): { next: BoostingStop; stop: boolean; mse: number } {
  const { mse } = regressionMetrics(valTargets, valPrediction);
  const decision = updateEarlyStop(tracker.state, stage, { mse, loss: mse });
  const bestStages = decision.improved ? stage : tracker.bestStages;
  return { next: { state: decision.state, bestStages }, stop: decision.stop, mse };
}

export function checkShrinkage(shrinkage: number): void {
  if (!(shrinkage > 0 && shrinkage <= 1)) throw new ApiError('invalid_argument', `shrinkage must be in (0, 1], got ${shrinkage}`);
}
