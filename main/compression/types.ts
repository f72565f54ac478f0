/**
 * Shapes shared by the compression features (pruning, shrink search,
 * distillation, transfer learning), the trainer that executes their plans in a
 * worker, the experiment store and the API. Types only: the renderer imports
 * them through contract.ts, so nothing here may pull in tfjs or node modules.
 */

/**
 * What a training run does besides plain training. Serialisable (it crosses the
 * worker boundary inside TrainInput), so it names directories, not models.
 */
export type TrainPlan = {
  /** Warm start: load this tfjs Layers model instead of building config.spec. */
  init?: {
    modelDir: string;
    /** Freeze the first k layers of the spec (builder names) or of the model (imported models). */
    freeze?: number;
    /** Replace the output layer by a fresh head for the dataset's classes. */
    newHead?: boolean;
    /** Keep the architecture, draw fresh weights (the "from scratch" twin of an imported model). */
    reinitialize?: boolean;
  };
  pruning?: MagnitudePruningPlan;
  /**
   * rawInputs: the teacher takes raw features (a merged ensemble, whose members
   * scale their own inputs); the trainer undoes the student's preprocessing in
   * front of it. Absent: the teacher takes what the student takes (a run
   * trained with the same split and preprocessing).
   */
  distill?: { teacherDir: string; temperature: number; alpha: number; rawInputs?: boolean };
};

export type MagnitudePruningPlan = {
  kind: 'magnitude';
  /** Final fraction of zero weights in the pruned kernels, in [0, 1). */
  targetSparsity: number;
  schedule: 'oneshot' | 'gradual';
  /** 'layer': every kernel reaches the target; 'global': one threshold over all kernels. */
  scope: 'layer' | 'global';
  /** Gradual only: the schedule runs over epochs [beginEpoch, endEpoch) (0-based; default 0 and 2/3 of the epochs). */
  beginEpoch?: number;
  endEpoch?: number;
  /** Layer names to prune; default every dense and conv2d kernel (the head included). */
  layers?: string[];
};

export type LayerSparsity = { layer: string; zeros: number; total: number; sparsity: number };
export type SparsityReport = { sparsity: number; zeros: number; total: number; layers: LayerSparsity[] };

/**
 * Measured inference latency of one batch (main/measure/latency.ts): the
 * median of `repeats` samples and their quartiles, the spread to judge any
 * difference against.
 */
export type Latency = {
  medianMs: number;
  /** Quartiles of the samples (absent in figures stored before they were recorded). */
  q1Ms?: number;
  q3Ms?: number;
  batch: number;
  repeats: number;
  backend: string;
  /** Compression steps: this model timed in interleaved pairs with the experiment's baseline. */
  comparison?: LatencyComparison;
};

export type LatencyVerdict = 'faster' | 'slower' | 'no measurable change';

/** A candidate against a baseline, timed alternately (A B, B A, …) on the same inputs, backend and thread. */
export type LatencyComparison = {
  /** The baseline's median in these same pairs. */
  baselineMedianMs: number;
  /** Candidate time / baseline time (ratio of the lower quartiles over the pairs, main/measure/compare.ts): below 1 the candidate is faster (speed-up = 1 / ratio). */
  ratio: number;
  /** 95% bootstrap interval of the ratio. */
  low: number;
  high: number;
  pairs: number;
  verdict: LatencyVerdict;
};

/** Size of a stored model. bytes = model.json + weights; gzipBytes = gzip(weights.bin), what a sparse model saves on the wire. */
export type ModelSize = {
  paramCount: number;
  /** Parameters that are not exactly zero. */
  nonZeroParams: number;
  flops: number;
  bytes: number;
  weightBytes: number;
  gzipBytes: number;
  latency: Latency | null;
};

export type RunSize = ModelSize & { runId: string; sparsity: SparsityReport | null };

export const EXPERIMENT_KINDS = ['prune', 'shrink', 'distill', 'finetune'] as const;
export type ExperimentKind = (typeof EXPERIMENT_KINDS)[number];
export type ExperimentStatus = 'running' | 'completed' | 'failed' | 'cancelled' | 'interrupted';
export type StepStatus = 'running' | 'completed' | 'failed' | 'cancelled' | 'interrupted';
/** runs.relation of a step's run towards the experiment's base run. */
export type Relation = 'pruned' | 'fine-tuned' | 'distilled' | 'transferred' | 'shrunk';

export type ExperimentStep = {
  experimentId: string;
  step: number;
  /** 'baseline', 'pruned', 'student', 'distilled', 'transferred', 'scratch', 'candidate'. */
  kind: string;
  label: string;
  status: StepStatus;
  runId: string | null;
  /** What was asked: spec, plan, hyperparameter overrides. */
  config: Record<string, unknown>;
  metrics: { val?: Record<string, number>; test?: Record<string, number> };
  size: ModelSize | null;
  sparsity: SparsityReport | null;
  /** Shrink search: whether this candidate stayed within the tolerance. */
  accepted?: boolean;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
};

export type ExperimentRecord = {
  id: string;
  name: string;
  kind: ExperimentKind;
  baseRunId: string | null;
  status: ExperimentStatus;
  /** The request that started it (resolved ids), plus its dataset. */
  config: Record<string, unknown>;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  stepCount: number;
  /** The step the experiment recommends (e.g. the smallest accepted shrink candidate), when it has one. */
  bestStep: number | null;
};

export type ExperimentDetail = ExperimentRecord & { steps: ExperimentStep[] };

export type ExperimentEvent =
  | { type: 'experiment-started'; experimentId: string; kind: ExperimentKind }
  | { type: 'step-started'; experimentId: string; step: number; kind: string; label: string; runId: string | null }
  | { type: 'step-finished'; experimentId: string; step: ExperimentStep }
  | { type: 'experiment-finished'; experimentId: string; status: ExperimentStatus; error: string | null; bestStep: number | null };
