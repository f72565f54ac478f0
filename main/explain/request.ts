/**
 * Explanations as stored jobs: the API's request (zod, checked at the
 * boundary), the settings it resolves to (what makes two requests the same, so
 * a stored result is reused), the result and the stored record. Plain data and
 * zod only: the contract and the renderer import this file.
 */
import { z } from 'zod';
import type { Task } from '../api/schemas.ts';
import type { RowAttribution } from './types.ts';
import { MAX_BACKGROUND, MAX_EXPLAIN_ROWS, MAX_GRADIENT_STEPS, MAX_SAMPLES } from '../limits.ts';

/**
 * What a caller may ask for. 'shap' is exact Shapley values when the features
 * are few enough (MAX_EXACT_PLAYERS), KernelSHAP otherwise, GradientSHAP for
 * images; 'lime' is LIME for tables or, on an image model, over segments.
 */
export const EXPLAIN_METHODS = ['permutation', 'shap', 'exact-shapley', 'kernel-shap', 'integrated-gradients', 'gradient-shap', 'lime', 'occlusion'] as const;
export type ExplainMethod = (typeof EXPLAIN_METHODS)[number];

/** The explainer that ran (main/explain/*.ts `method`). */
export type ResolvedMethod = 'permutation' | 'exact-shapley' | 'kernel-shap' | 'integrated-gradients' | 'gradient-shap' | 'lime' | 'lime-image' | 'occlusion';

export const EXPLAIN_SPLITS = ['val', 'test'] as const;
export type ExplainSplit = (typeof EXPLAIN_SPLITS)[number];

/** Scores permutation importance can use (main/explain/metrics.ts). */
export const PERMUTATION_METRICS = ['accuracy', 'f1', 'loss', 'mse', 'mae', 'r2'] as const;

const id = z.string().min(1).max(100);

/** Method settings; each applies to the methods that have it, the rest are refused by name (checkOptions). */
export const ExplainOptions = z
  .object({
    /** KernelSHAP coalitions / LIME perturbations per row, GradientSHAP samples per row. */
    samples: z.number().int().min(2).max(MAX_SAMPLES).optional(),
    /** Integrated Gradients integration steps. */
    steps: z.number().int().min(1).max(MAX_GRADIENT_STEPS).optional(),
    /** Permutation importance: shuffles per feature. */
    repeats: z.number().int().min(1).max(100).optional(),
    metric: z.enum(PERMUTATION_METRICS).optional(),
    /** LIME: features in the sparse surrogate. */
    maxFeatures: z.number().int().min(1).max(1000).optional(),
    /** LIME for images: segments. */
    segments: z.number().int().min(2).max(1000).optional(),
    /** Occlusion: the square window's side in pixels. */
    window: z.number().int().min(1).max(256).optional(),
    seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
  })
  .strict();
export type ExplainOptions = z.infer<typeof ExplainOptions>;

export const ExplainRequest = z
  .object({
    runId: id,
    method: z.enum(EXPLAIN_METHODS),
    /** Explain the first N rows of the split (default: 100 for tables, 4 for images; permutation: the whole split up to the limit). */
    rows: z.number().int().min(1).max(MAX_EXPLAIN_ROWS).optional(),
    /** Explain this one row of the split (0-based position in it). */
    row: z.number().int().min(0).max(10_000_000).optional(),
    /** The class whose probability is explained (default: each row's predicted class). */
    class: z.number().int().min(0).max(100_000).optional(),
    /** Background rows: k-means centres of the training rows (SHAP methods). */
    background: z.number().int().min(1).max(MAX_BACKGROUND).optional(),
    split: z.enum(EXPLAIN_SPLITS).default('val'),
    options: ExplainOptions.default({}),
  })
  .strict()
  .refine((r) => r.rows === undefined || r.row === undefined, { message: 'give rows (the first N rows) or row (one row), not both', path: ['row'] });
export type ExplainRequestInput = z.input<typeof ExplainRequest>;
export type ExplainRequest = z.output<typeof ExplainRequest>;

/**
 * A request with every default filled in and 'shap' / 'lime' resolved: two
 * requests with equal settings give the same result, so the stored one is reused.
 */
export type ExplainSettings = {
  method: ResolvedMethod;
  requested: ExplainMethod;
  split: ExplainSplit;
  /** Rows explained: positions first .. first + count − 1 of the split. */
  first: number;
  count: number;
  /** 'predicted' or a class index. */
  target: 'predicted' | number;
  /** Background centres (0 when the method uses none). */
  background: number;
  options: ExplainOptions;
};

/**
 * One explained row (the explainer's RowAttribution), in the units the user
 * knows: index is the row's position in the split, not in the block explained.
 */
export type ExplainedRow = RowAttribution & {
  /** The row's value of each feature (a one-hot group: the position of its hot column); images: none. */
  values?: number[];
  /** The label of the row (class index or target value). */
  label: number;
  /** Images: the raw pixels [H·W·C], for saliency overlays. */
  image?: number[];
  /** Text runs: the token at each position ('' for padding), for highlighted text; attributions are per position. */
  tokens?: string[];
};

export type LocalExplanationResult = {
  kind: 'local';
  method: ResolvedMethod;
  /** Why this method ran when another was asked for ('shap' on 30 features runs KernelSHAP). */
  note: string | null;
  features: string[];
  inputShape: number[];
  task: Task;
  classes: string[];
  rows: ExplainedRow[];
  details: Record<string, number | string | number[]>;
};

export type FeatureImportanceRow = { feature: string; mean: number; std: number };

export type GlobalExplanationResult = {
  kind: 'global';
  method: 'permutation';
  metric: string;
  /** The score on the unshuffled rows. */
  baseline: number;
  higherIsBetter: boolean;
  importances: FeatureImportanceRow[];
  repeats: number;
  rows: number;
  task: Task;
};

export type ExplanationResult = LocalExplanationResult | GlobalExplanationResult;

export const EXPLANATION_STATUSES = ['running', 'completed', 'failed', 'cancelled', 'interrupted'] as const;
export type ExplanationStatus = (typeof EXPLANATION_STATUSES)[number];

export type ExplanationSummary = {
  id: string;
  runId: string;
  method: ResolvedMethod;
  settings: ExplainSettings;
  /** Hash of the settings: equal keys, equal results (settingsKey()). */
  settingsKey: string;
  status: ExplanationStatus;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  /** The process computing it (a running one), else the one that did. */
  ownerId: string | null;
};

export type ExplanationRecord = ExplanationSummary & { result: ExplanationResult | null };

export type ExplanationPage = { total: number; items: ExplanationSummary[] };

/** Progress and the end of explanation jobs, pushed to every UI as 'explanation.event'. */
export type ExplanationEvent =
  | { type: 'explanation-progress'; explanationId: string; runId: string; done: number; total: number }
  | { type: 'explanation-finished'; explanationId: string; runId: string; status: ExplanationStatus; error: string | null };
