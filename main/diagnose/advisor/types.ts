/**
 * The advisor's seam: loss curves and per-layer diagnostics in, findings out.
 * A finding names what is wrong, where (layer) and since when (epoch), the
 * evidence in numbers, the remedy in words, and one concrete change to the run
 * config that a "new run with this change" button applies.
 */
import type { HyperParams, ModelSpec, RunStatus } from '../../api/schemas.ts';
import type { EpochDiagnostics, EpochLoss, LayerSummary } from '../types.ts';
import type { Evidence } from './evidence.ts';

export const FINDING_CODES = [
  'vanishing_gradients',
  'exploding_gradients',
  'dead_units',
  'saturation',
  'overfitting',
  'underfitting',
  'lr_too_high',
  'lr_too_low',
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

/** serious: training is broken, fix it first; warning: it likely costs quality; info: worth knowing. */
export type Severity = 'serious' | 'warning' | 'info';
export const SEVERITY_ORDER: Record<Severity, number> = { serious: 0, warning: 1, info: 2 };

/**
 * A dotted path into the run config ('hyperparams.gradientClip',
 * 'spec.layers.2.activation', as main/study/params-to-config.ts writes them) and
 * the JSON value that replaces what is there. The new config is validated as
 * any other (RunConfig) before it trains.
 */
export type ConfigPatch = { path: string; value: unknown };
export type SuggestedChange = { summary: string; patches: ConfigPatch[] };

export type Finding = {
  code: FindingCode;
  severity: Severity;
  /** The layer it applies to (tfjs layer name), or null for the whole run. */
  layer: string | null;
  /** The epoch (1-based, as reported) where it begins, or null. */
  epoch: number | null;
  /** The evidence in English (made from `reason`). */
  evidence: string;
  /** The evidence as a template key and its values (evidence.ts): what other languages translate. */
  reason: Evidence;
  remedy: string;
  /** The one-click change; null when the run config is not known or nothing in it applies. */
  change: SuggestedChange | null;
  /** The numbers behind the evidence, for charts and tests. */
  measures: Record<string, number>;
};

export type RunConfigView = { spec: ModelSpec; hyperparams: HyperParams };

export type AdvisorInput = {
  /** Per-epoch losses in epoch order; valLoss absent when there is no validation split. */
  curves: EpochLoss[];
  /** Per-epoch diagnostics in epoch order, when recorded. */
  diagnostics?: EpochDiagnostics[];
  /** The run's parsed config: makes the suggested changes concrete. */
  config?: RunConfigView;
  /**
   * The loss of a trivial constant prediction, in training units (trivialLoss()
   * of main/train/divergence.ts: ln C for classification, the target variance
   * for MSE): what "high" means for a loss. Without it the first epoch's
   * training loss stands in.
   */
  baselineLoss?: number;
  status?: RunStatus;
};

export type Rule = (input: AdvisorInput) => Finding[];

/** What `runs.diagnose` and `modelbench diagnose` answer: the advisor's findings and each layer where training left it. */
export type Diagnosis = { runId: string; findings: Finding[]; layers: LayerSummary[]; epochsRecorded: number };
