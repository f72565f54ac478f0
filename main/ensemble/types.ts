/**
 * Shapes of stored ensembles: what the store keeps (db/store.ts EnsembleStore),
 * what the API returns (ensembles.list / get) and what the renderer shows.
 * Types only: the renderer imports them through contract.ts, so nothing here
 * may pull in tfjs or node modules.
 */
import type { FinalMetrics, RunStatus, Task } from '../api/schemas.ts';
import type { ModelSize } from '../compression/types.ts';

export const ENSEMBLE_METHODS = ['voting', 'selection', 'bagging', 'boosting', 'stacking'] as const;
export type EnsembleMethodName = (typeof ENSEMBLE_METHODS)[number];

export const ENSEMBLE_STATUSES = ['running', 'completed', 'failed', 'cancelled', 'interrupted'] as const;
export type EnsembleStatus = (typeof ENSEMBLE_STATUSES)[number];

/**
 * member: combined by the exported model (voting, selection, bagging, AdaBoost);
 * final: stacking's base members trained on all training rows (the meta-model combines them);
 * fold: stacking's k-fold copies, kept for audit (their out-of-fold predictions train the meta-model);
 * stage: gradient boosting's residual learners.
 */
export const MEMBER_ROLES = ['member', 'fold', 'final', 'stage'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** One member as stored: `position` is its slot in the method's plan, stable across resumes. */
export type StoredMember = {
  position: number;
  /** null: the member's run was deleted (the exported model keeps its weights). */
  runId: string | null;
  role: MemberRole;
  fold: number | null;
  stage: number | null;
  /** Weight in the combiner (0: trained or offered, not combined). */
  weight: number;
  /** Bagging's random feature subset (1 = kept); null: every feature. */
  featureMask: number[] | null;
};

/** A member as the API shows it: the stored slot plus its run's name, status and metrics. */
export type EnsembleMemberView = StoredMember & {
  runName: string | null;
  runStatus: RunStatus | null;
  metrics: Pick<FinalMetrics, 'val' | 'test'> | null;
  paramCount: number | null;
};

/** The combiner as JSON: plain arrays, so it round-trips through the store and the API. */
export type StoredDense = { inputs: number; units: number; kernel: number[]; bias: number[]; activation: 'linear' | 'softmax' | 'relu' | 'tanh' };
export type StoredCombiner =
  | { kind: 'linear'; weights: number[]; bias?: number[] }
  | { kind: 'meta'; model: { kind: 'logistic' | 'linear' | 'mlp'; layers: StoredDense[] } };

export type SelectionPathStep = { position: number; loss: number; value: number };

/** Method-specific facts for the detail screen; every field optional. */
export type EnsembleReport = {
  /** The validation metric a method optimised or reports (selection, boosting). */
  metric?: string;
  /** Selection: the validation metric after each addition, and how many additions were kept. */
  path?: SelectionPathStep[];
  prefix?: number;
  best?: SelectionPathStep;
  /** Bagging: the out-of-bag estimate on the training rows. */
  outOfBag?: { metric: string; value: number; loss: number; coveredRows: number };
  /** Boosting: one entry per stage (AdaBoost: weighted error and α; gradient boosting: validation MSE). */
  stages?: { stage: number; error?: number; alpha?: number; valMse?: number; stop?: string | null }[];
  /** Pairwise diversity of the combined members on the validation rows, row-major over `positions`. */
  diversity?: { kind: 'disagreement' | 'correlation'; positions: number[]; matrix: number[] };
  /** Stacking: the fold (0..k−1) of each training row, in split order: the audit trail of the out-of-fold predictions. */
  folds?: number[];
  /** Hard voting's metrics (reported; the exported model averages probabilities). */
  hardVote?: { val?: Record<string, number>; test?: Record<string, number> };
  notes?: string[];
};

/** An ensemble as listed in History beside runs: a model with a status, metrics and a size. */
export type EnsembleRecord = {
  id: string;
  name: string;
  method: EnsembleMethodName;
  datasetId: string | null;
  datasetName: string;
  task: Task | null;
  status: EnsembleStatus;
  error: string | null;
  /** The request as validated (ensembles.create). */
  config: Record<string, unknown>;
  /** Val and test metrics on the members' shared split, the same names as a run's. */
  metrics: FinalMetrics;
  /** Parameters and FLOPs of the combined model (every member it merges, plus the combiner). */
  paramCount: number;
  flops: number;
  size: ModelSize | null;
  /** Members the exported model combines. */
  memberCount: number;
  createdAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  ownerId?: string | null;
};

export type EnsembleDetail = EnsembleRecord & {
  members: EnsembleMemberView[];
  report: EnsembleReport;
  combiner: StoredCombiner | null;
};

export type EnsemblePage = { total: number; items: EnsembleRecord[] };

/** Progress of an ensemble job (the CLI's follower and the UI listen to these). */
export type EnsembleEvent =
  | { type: 'ensemble-started'; ensembleId: string; method: EnsembleMethodName; planned: number }
  | { type: 'member-started'; ensembleId: string; position: number; runId: string; role: MemberRole }
  | { type: 'member-finished'; ensembleId: string; position: number; runId: string; status: RunStatus; done: number; planned: number; etaMs: number | null }
  | { type: 'progress'; ensembleId: string; done: number; planned: number; note: string; etaMs: number | null }
  | { type: 'ensemble-finished'; ensembleId: string; status: EnsembleStatus; error: string | null };
