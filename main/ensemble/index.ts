/**
 * Ensembles: several trained members and one combiner, used and exported as
 * one model. This module is the seam between the maths (math/, pure TS), the
 * methods (methods/, one per file), the tfjs pieces (predict.ts, merge.ts,
 * combine.ts, finish.ts, export.ts), the ensemble's worker thread (thread/:
 * where the method and the model's compute run) and the job that runs them
 * (job/: the plan that validates a request, the member trainer over the run
 * lifecycle, the runner that stores the build as a merged, measured model).
 *
 * ## Members are runs
 * Every member is an ordinary run with an artifact folder (model.json,
 * weights.bin, recipe.json, split.json). Existing runs join as they are
 * (voting, selection); methods that train members ask the engine for runs on
 * given rows of the training split (bagging, boosting, stacking). All members
 * of one ensemble share the dataset, task, classes and split (the split of
 * the first member's seed; see TrainerNeeds below), so "validation rows" and
 * "test rows" mean the same rows for every member and for the ensemble.
 *
 * ## The interface a method implements
 * A method is one file (methods/<name>.ts) with `build(ctx, options):
 * Promise<EnsembleBuild>` over the EnsembleContext below (and `planned`, the
 * members it will train). The method runs in the ensemble's worker thread
 * (thread/worker.ts), never on the engine's thread: predict goes through
 * predict.ts there, on the training workers' backend, each member loaded once;
 * trainMember asks the job (job/members.ts), which trains a run through
 * ctx.launcher and the worker pool, stores the member's slot when its run
 * starts (so a killed job resumes) and sends progress events. The method only
 * decides what to train and how to combine. What each method needs and produces:
 *
 * | method    | needs from ctx                                                     | produces |
 * |-----------|--------------------------------------------------------------------|----------|
 * | voting    | candidate runs; validation predictions (for metrics only)          | weights (given or equal): averageCombiner; hard voting is reported, not exportable |
 * | selection | candidate runs' validation predictions (math/selection.ts)         | weights = counts/size, the path, the best member; averageCombiner |
 * | bagging   | trainMember({ rows: bootstrap(…).rows, featureMask? }) × N in parallel; predictions on the training rows for the OOB estimate (math/bagging.ts) | equal weights, featureMask per member, OOB score |
 * | boosting  | classification: trainMember({ rows, sampleWeights }) one after another, predictions on the training rows (math/adaboost.ts) | α per member: averageCombiner(α) |
 * |           | regression: trainMember({ rows, targets: residuals }) one after another, predictions on training and validation rows (math/gradient-boosting.ts) | linear combiner: weights ν, bias F₀ |
 * | stacking  | trainMember({ rows: fold's train rows }) per (member, fold), predictions on its holdout rows (math/stacking.ts: outOfFoldPredictions); final members on all training rows; a MetaLearner | meta-model (math/meta.ts): { kind: 'meta' } combiner |
 *
 * Members' weights, roles (member / fold model / final), folds and stages go
 * to the store with lineage to their runs; fold models are kept for audit
 * but are not part of the exported graph.
 *
 * ## Predicting and exporting
 * The engine predicts an ensemble as predictMembers(...) + the combiner's
 * maths (averagePredictions, or predictMeta(metaFeatures(...))); the export
 * is mergeMembers(...) saved with saveModelFiles: the same numbers within
 * float32 rounding (tested ≤ 1e-5 through the official loader). The merged
 * graph takes raw features (each member's recipe is inside its branch), so
 * the export's preprocessing.json says `recipe: null`; a text ensemble takes
 * the token ids of its members' shared encoding (data/text/shared-encoding.ts),
 * whose tokeniser finish.ts returns and the export carries.
 *
 * ## Sequences
 * Members predict through prepare.ts applyInputs (a text run tokenises with
 * its own tokeniser). A forecast has `outputs` = horizon steps and as many
 * labels per row (ctx.labelWidth): selection, bagging's out-of-bag score,
 * gradient boosting, stacking's meta-learners (a ridge or MLP from every
 * member's every step to every step) and the metrics read them all.
 *
 * ## What the trainer does for bagging and boosting
 * TrainInput.rows (main/train/trainer.ts TrainRows; RunRequest.rows in the run
 * lifecycle; rows.json beside the member's model):
 * - train: dataset row indices to train on, repeats allowed (a bootstrap);
 *   validation and test rows stay those of splitIndices(config.seed), and
 *   the recipe is fitted on the distinct train rows;
 * - sampleWeights (one per entry of train, mean 1: trainerSampleWeights):
 *   the loss of a batch becomes Σ wᵢ·CEᵢ / Σ wᵢ (weighted mean), for the
 *   tape step, fused Adam and the dense stack alike;
 * - targets (regression, labelWidth per dataset row): replace y for training rows
 *   (gradient boosting's residuals); validation metrics then measure the
 *   residual fit, and the ensemble re-measures the whole;
 * - featureMask: features set to 0 after preprocessing, in training and in
 *   evaluation (predict.ts and merge.ts apply the same mask);
 * - seed: initialisation and shuffle; the split stays config.seed's.
 *
 * ## An ensemble is a model
 * Stored in the store's ensembles (db/store.ts EnsembleStore) with its member
 * slots (lineage to their runs), val/test metrics measured like a run's
 * (train/evaluate.ts scorePredictions), size and latency (the one measurer),
 * its merged model in <home>/ensembles/<id>/. History lists ensembles as their
 * own paged list beside the runs (few next to runs; the run list's indexes
 * and 10,000-row paging stay as they are), Compare puts them beside runs,
 * and the merged model can teach a student (plan.distill.rawInputs).
 */
export type { PredictionSet } from './math/predictions.ts';
export type { Combiner } from './merge.ts';
import type { Task } from '../api/schemas.ts';
import type { Combiner } from './merge.ts';
import type { EnsembleReport } from './types.ts';

export { ENSEMBLE_METHODS } from './types.ts';
export type { EnsembleMethodName } from './types.ts';
import type { EnsembleMethodName } from './types.ts';

/** A training request for one member: which rows, with which weights, targets and features. */
export type MemberTraining = {
  /**
   * The member's slot in the method's plan (bagging member i, stacking's
   * (member, fold), boosting's stage): the same slot on every run of the job,
   * so a resumed job finds the members it already trained and trains the rest.
   */
  slot: number;
  /** Dataset row indices (repeats allowed), within the shared split's training rows. */
  rows: Int32Array;
  sampleWeights?: Float32Array;
  /** Regression targets of every dataset row, labelWidth each (gradient boosting's residuals). */
  targets?: Float32Array;
  featureMask?: Uint8Array;
  /** Initialisation and shuffle seed; the split stays the ensemble's. */
  seed: number;
  /** Train with the config (spec, hyperparameters) of candidate `like` (stacking over existing runs); default: the ensemble's member config. */
  like?: number;
  /** What the store records: 'member', 'fold', 'final', 'stage'. */
  role: EnsembleMember['role'];
  fold?: number;
  stage?: number;
};

/** What the engine gives a method. */
export interface EnsembleContext {
  readonly task: Task;
  /** Classes (classification) or 1 (regression). */
  readonly outputs: number;
  readonly classNames: string[];
  /** Per-sample input shape (feature subsets apply to flat inputs only). */
  readonly inputShape: number[];
  /** The shared split: dataset row indices. */
  readonly split: { train: Int32Array; val: Int32Array; test: Int32Array };
  /** Labels (class indices) or targets of every dataset row, labelWidth values per row. */
  readonly labels: Float32Array;
  /** Labels per row: 1, or regression's outputs (a forecast's horizon steps). */
  readonly labelWidth: number;
  /** Existing runs that join as members (voting, selection, stacking over runs), in slot order; empty when members are trained. */
  readonly candidates: readonly string[];
  /** The ensemble's seed: bootstraps, folds, bags and member seeds derive from it. */
  readonly seed: number;
  /** Trains one member (a run), in parallel with others the method starts; resolves with its run id once it completed. */
  trainMember(request: MemberTraining): Promise<string>;
  /** A member's outputs on dataset rows, [rows × outputs], in the target's units, with its recipe and feature mask applied. */
  predict(runId: string, rows: Int32Array): Promise<Float32Array>;
  /** A note for the UI and the CLI (members are counted by the engine). */
  progress(note: string): void;
  readonly signal: AbortSignal;
}

export type EnsembleMember = {
  runId: string;
  /** The member's slot (MemberTraining.slot, or the candidate's index). */
  position: number;
  /** Weight in the combiner (0 for fold models, which only produce out-of-fold predictions). */
  weight: number;
  role: 'member' | 'fold' | 'final' | 'stage';
  fold?: number;
  stage?: number;
  featureMask?: Uint8Array;
};

export type EnsembleBuild = {
  members: EnsembleMember[];
  combiner: Combiner;
  /** Method-specific facts for the detail screen: the selection path, the OOB score, the boosting stages (main/ensemble/types.ts). */
  report: EnsembleReport;
};

/** Where a method's members come from: existing runs (candidates), or trained on the dataset. */
export type MemberSource = 'runs' | 'dataset';

export interface EnsembleMethod<Options> {
  readonly name: EnsembleMethodName;
  readonly sources: readonly MemberSource[];
  /** Members the job will train (for progress and ETA); candidates: existing runs given. */
  planned(options: Options, candidates: number): number;
  build(ctx: EnsembleContext, options: Options): Promise<EnsembleBuild>;
}
