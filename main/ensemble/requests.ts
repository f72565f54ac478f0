/**
 * The argument of ensembles.create (contract.ts lists it). Zod only, no tfjs:
 * the renderer imports the contract. The shape is checked here; whether the
 * members fit together (one dataset, task and split, enough of them, folds
 * within the smallest class) is checked against the store by
 * main/ensemble/job/plan.ts before anything is written.
 */
import { z } from 'zod';
import { EXPORT_FORMATS, HyperParams, ModelSpec, RUN_SORT_KEYS } from '../api/schemas.ts';
import { ENSEMBLE_MAX_CANDIDATES, ENSEMBLE_MAX_MEMBERS, MAX_FOLDS, SELECTION_MAX_BAGS, SELECTION_MAX_SIZE } from '../limits.ts';
import { ENSEMBLE_METHODS } from './types.ts';
import { CLASSIFICATION_METRICS, REGRESSION_METRICS } from './math/scores.ts';
import { META_KINDS } from './math/meta.ts';
import { ENSEMBLE_STATUSES } from './types.ts';

const id = z.string().min(1).max(100);
const fraction = (what: string) => z.number().gt(0, `${what} must be in (0, 1]`).max(1, `${what} must be in (0, 1]`);

export const ENSEMBLE_METRICS = [...CLASSIFICATION_METRICS, ...REGRESSION_METRICS] as const;

export const EnsembleRequest = z
  .object({
    method: z.enum(ENSEMBLE_METHODS),
    name: z.string().trim().min(1).max(200).optional(),

    // Members from existing runs (voting, selection, stacking) …
    runIds: z.array(id).max(ENSEMBLE_MAX_CANDIDATES, `at most ${ENSEMBLE_MAX_CANDIDATES} runs (ENSEMBLE_MAX_CANDIDATES)`).optional(),
    /** … or a study's completed trials, the best `top` first (default: all, up to ENSEMBLE_MAX_CANDIDATES). */
    studyId: id.optional(),
    top: z.number().int().min(1).max(ENSEMBLE_MAX_CANDIDATES).optional(),

    // … or members trained on a dataset (every method).
    /** A dataset id or name. */
    datasetId: z.string().min(1).max(200).optional(),
    /** Members to train (bagging members, boosting's most stages, stacking's base members, voting/selection's seeds). */
    members: z.number().int().min(1).max(ENSEMBLE_MAX_MEMBERS, `at most ${ENSEMBLE_MAX_MEMBERS} members (ENSEMBLE_MAX_MEMBERS)`).optional(),
    /** The members' model; default the 'mlp-small' preset. */
    spec: ModelSpec.optional(),
    /** The members' hyperparameters (split included); default the spec's preset's. */
    hyperparams: HyperParams.optional(),
    epochs: z.number().int().min(1).max(10000).optional(),
    /** The split's seed (trained members) and the seed every random choice of the method derives from. */
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(42),

    // Voting.
    /** One weight ≥ 0 per run (voting over runs); default equal. */
    weights: z.array(z.number().min(0).max(1e6)).max(ENSEMBLE_MAX_CANDIDATES).optional(),
    /** Classification: also report the hard (majority) vote; the model averages probabilities either way. */
    voting: z.enum(['soft', 'hard']).default('soft'),

    // Selection.
    /** The validation metric selection optimises; default log_loss (classification) or mse (regression). */
    metric: z.enum(ENSEMBLE_METRICS).optional(),
    size: z.number().int().min(1).max(SELECTION_MAX_SIZE).optional(),
    initTopK: z.number().int().min(1).max(ENSEMBLE_MAX_CANDIDATES).optional(),
    bags: z.number().int().min(0).max(SELECTION_MAX_BAGS).optional(),
    bagFraction: fraction('bagFraction').optional(),

    // Bagging.
    /** Draws per bootstrap, as a fraction of the training rows (default 1). */
    bootstrapFraction: fraction('bootstrapFraction').optional(),
    /** Features each member sees (random subspaces; tabular data), default 1: all. */
    featureFraction: fraction('featureFraction').optional(),

    // Boosting.
    /** AdaBoost's learning rate ν (α = ν·…), default 1; gradient boosting's shrinkage, default 0.3. */
    learningRate: fraction('learningRate').optional(),
    /** Gradient boosting: stop after this many stages without a better validation MSE (default 3). */
    patience: z.number().int().min(1).max(ENSEMBLE_MAX_MEMBERS).optional(),

    // Stacking.
    /** Default logistic (classification) or linear (regression). */
    meta: z.enum(META_KINDS).optional(),
    folds: z.number().int().min(2).max(MAX_FOLDS).default(5),
  })
  .strict();

export type EnsembleRequest = z.output<typeof EnsembleRequest>;
export type EnsembleRequestInput = z.input<typeof EnsembleRequest>;

export const EnsembleId = z.object({ ensembleId: id }).strict();

export const EnsembleExport = z
  .object({
    ensembleId: id,
    outDir: z.string().min(1).max(4096).optional(),
    /** 'tfjs' (default): model.json + weights.bin; 'onnx': model.onnx (opset 17). Either takes raw features (a text ensemble: the shared token ids). */
    format: z.enum(EXPORT_FORMATS).default('tfjs'),
  })
  .strict();

const ENSEMBLE_SORT_KEYS = ['createdAt', 'name', 'status', 'valAccuracy', 'valF1', 'valLoss', 'paramCount', 'durationMs'] as const satisfies readonly (typeof RUN_SORT_KEYS)[number][];

export const EnsembleListRequest = z
  .object({
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(500).default(50),
    /** The run list's sort keys that ensembles keep columns for (db/store.ts EnsembleListQuery): History sorts ensembles as it sorts runs. */
    sort: z.enum(ENSEMBLE_SORT_KEYS).default('createdAt'),
    order: z.enum(['asc', 'desc']).default('desc'),
    status: z.enum(ENSEMBLE_STATUSES).optional(),
    datasetId: z.string().min(1).max(100).optional(),
    search: z.string().max(200).optional(),
    /** Only the ensembles this run is a member of (any role): what deleting the run leaves. */
    memberRunId: z.string().min(1).max(100).optional(),
  })
  .strict();
