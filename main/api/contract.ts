/**
 * The one API contract. Every request the UI (through the Electron preload or the
 * web host's WebSocket) or the CLI can make is listed here with the schema of its
 * argument and the type of its result. Shells dispatch through `main/api/dispatch.ts`,
 * which parses every argument with these schemas before a handler sees it.
 *
 * Adding a call = adding one entry here and one handler in the engine; the
 * compiler then points at every side that disagrees.
 */
import { z } from 'zod';
import {
  Augmentation,
  EXPORT_FORMATS,
  HyperParams,
  MISSING_RULES,
  ModelSpec,
  RunConfig,
  RunListQuery,
  SEQUENCE_IMPORT_FIELDS,
  TASKS,
  type BackendAttempt,
  type DatasetMeta,
  type ExportResult,
  type GpuAdapter,
  type ModelCount,
  type ModelPreset,
  type RunPage,
  type MetricPoint,
  type RunRecord,
} from './schemas.ts';
import { StudyConfig } from '../study/config.ts';
import { ExplainRequest, type ExplanationPage, type ExplanationRecord, type ExplanationStatus } from '../explain/request.ts';
import { AttentionRequest, type AttentionResult } from '../explain/sequence/attention-request.ts';
import { EnsembleForecastRequest, ForecastRequest } from '../forecast/request.ts';
import type { ForecastResult } from '../forecast/types.ts';
import { FINDING_CODES, type Diagnosis, type SuggestedChange, type FindingCode } from '../diagnose/advisor/types.ts';
import type { EpochDiagnostics } from '../diagnose/types.ts';
import { MAX_RECORDED_EPOCHS } from '../diagnose/schedule.ts';
import { MAX_CSV_BYTES } from '../limits.ts';
import type {
  AskResult, ImportanceResult, ReportResult, StudyDetail, StudyHistory, StudyInfo, StudyPage, TrialPage, UpdateResult,
} from '../study/types.ts';

import { BUNDLE_KINDS, type BundleExportResult, type BundleImportResult } from '../bundle/types.ts';
import { DistillRequest, ExperimentId, FinetuneRequest, PruneRequest, RunSizeRequest, ShrinkRequest } from '../compression/requests.ts';
import type { ExperimentDetail, ExperimentRecord, RunSize } from '../compression/types.ts';
import { EnsembleExport, EnsembleId, EnsembleListRequest, EnsembleRequest } from '../ensemble/requests.ts';
import type { EnsembleDetail, EnsemblePage } from '../ensemble/types.ts';
import type { SeriesLine } from '../data/series/reconstruct.ts';
import { StorageSetting, type StorageInfo, type StorageSource, type StorageTestResult, type StoreDescription } from '../storage/types.ts';

const id = z.string().min(1).max(100);
const name = z.string().trim().min(1).max(200);

export const SAMPLE_DATASETS = ['iris', 'breast_cancer', 'digits', 'mnist', 'spam', 'us_births'] as const;
export const STUDY_TRIAL_SORT_KEYS = ['number', 'value', 'state', 'durationMs', 'startedAt'] as const;

export const requests = {
  'app.info': z.object({}).strict(),

  'datasets.list': z.object({}).strict(),
  'datasets.get': z.object({ id }).strict(),
  /**
   * A file or folder on this machine: CSV, IDX pair (images file; labels found beside it) or image folder.
   * `name`: refused (conflict) when a dataset already has it; without it, the file's name, made
   * unique ('wine (2)'). `missing`: what to do with missing CSV cells (default 'refuse').
   */
  'datasets.importPath': z
    .object({
      path: z.string().min(1).max(4096),
      name: name.optional(),
      label: z.string().max(200).optional(),
      task: z.enum(TASKS).optional(),
      missing: z.enum(MISSING_RULES).optional(),
      ...SEQUENCE_IMPORT_FIELDS,
    })
    .strict(),
  /** CSV text uploaded from the UI (the web host cannot see the user's disk). `name` as for importPath. */
  'datasets.importCsvText': z
    .object({
      text: z.string().min(1).max(MAX_CSV_BYTES, {
        error: (issue) => `the CSV text is ${String(issue.input).length} characters; the limit is ${MAX_CSV_BYTES} (MAX_CSV_BYTES, 200 MiB): split the file`,
      }),
      name,
      label: z.string().max(200).optional(),
      task: z.enum(TASKS).optional(),
      missing: z.enum(MISSING_RULES).optional(),
      ...SEQUENCE_IMPORT_FIELDS,
    })
    .strict(),
  'datasets.importSample': z.object({ sample: z.enum(SAMPLE_DATASETS) }).strict(),
  /**
   * A CSV file's column names, read from its first 64 KiB (main/data/csv-peek.ts), for the import
   * forms' column choices before an import by path; the same path rules as importPath. [] for a
   * folder or an IDX file.
   */
  'datasets.peekColumns': z.object({ path: z.string().min(1).max(4096) }).strict(),
  'datasets.preview': z.object({ id, rows: z.number().int().min(1).max(200).default(20) }).strict(),
  'datasets.delete': z.object({ id }).strict(),
  /** A few augmented samples for the augmentation preview. */
  'datasets.augmentPreview': z
    .object({ id, augmentation: Augmentation, count: z.number().int().min(1).max(32).default(8), seed: z.number().int().min(0).default(1) })
    .strict(),

  'models.presets': z.object({}).strict(),
  /** Parameter/FLOP count of a spec on a dataset's input shape, or the reason it cannot build. */
  'models.count': z.object({ spec: ModelSpec, datasetId: id }).strict(),

  'runs.start': RunConfig,
  'runs.cancel': z.object({ runId: id }).strict(),
  'runs.list': RunListQuery,
  'runs.get': z.object({ runId: id }).strict(),
  'runs.metrics': z.object({ runId: id, maxPoints: z.number().int().min(10).max(100000).default(2000) }).strict(),
  'runs.compare': z.object({ runIds: z.array(id).min(2).max(10) }).strict(),
  'runs.update': z.object({ runId: id, name: name.optional(), notes: z.string().max(10000).optional(), tags: z.array(z.string().max(50)).max(20).optional() }).strict(),
  'runs.delete': z.object({ runId: id }).strict(),
  /**
   * Export to a folder (CLI/Electron: any folder the user chose; web host: inside the data folder).
   * format 'onnx' writes model.onnx instead of model.json + weights (default 'tfjs'); withPreprocessing
   * (ONNX only) folds the input scaling and the regression target's inverse transform into the graph.
   */
  'runs.export': z
    .object({
      runId: id,
      outDir: z.string().min(1).max(4096).optional(),
      format: z.enum(EXPORT_FORMATS).optional(),
      withPreprocessing: z.boolean().optional(),
    })
    .strict(),
  /** Parameters, FLOPs, bytes, gzip of the weights, sparsity and (optionally) measured latency of a run's model. */
  'runs.size': RunSizeRequest,

  // Explanations and diagnostics (docs/explain-api.md): explanations are jobs, stored per run and reused; progress comes as 'explanation.event'.
  /** Explains a completed run's rows (or scores its features): a job id, or the stored result when these settings were explained before. */
  'runs.explain': ExplainRequest,
  'explanations.get': z.object({ explanationId: id }).strict(),
  /** Newest first, without results; a run's, or all. */
  'explanations.list': z
    .object({ runId: id.optional(), offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(50) })
    .strict(),
  'explanations.cancel': z.object({ explanationId: id }).strict(),
  /** A completed text run's attention weights for one row of a split: per attention layer and head, tokens × tokens (a short job, not stored). */
  'runs.attention': AttentionRequest,
  /** A completed forecasting run's history, truth and prediction over windows of a split, with the split's MAE per horizon step (not stored). */
  'runs.forecast': ForecastRequest,
  'ensembles.forecast': EnsembleForecastRequest,
  /** The per-layer diagnostics recorded while the run trained, at most maxEpochs evenly spaced epochs. */
  'runs.diagnostics': z.object({ runId: id, maxEpochs: z.number().int().min(2).max(MAX_RECORDED_EPOCHS).default(100) }).strict(),
  /** The advisor's findings (with evidence, remedy and a suggested change) and per-layer summaries. */
  'runs.diagnose': z.object({ runId: id }).strict(),
  /** Starts a new run with a finding's suggested change (lineage 'advised'); layer picks among findings of one code. */
  'runs.applyFix': z.object({ runId: id, code: z.enum(FINDING_CODES), layer: z.string().min(1).max(200).optional(), name: name.optional() }).strict(),

  // Compression experiments (main/compression): each starts an experiment and returns its id; progress comes as 'experiment.event'.
  'compression.prune': PruneRequest,
  'compression.shrink': ShrinkRequest,
  'compression.distill': DistillRequest,
  'compression.finetune': FinetuneRequest,
  'experiments.list': z.object({}).strict(),
  'experiments.get': ExperimentId,
  'experiments.cancel': ExperimentId,
  /** Continues an interrupted or cancelled experiment: finished steps are kept, the rest run. */
  'experiments.resume': ExperimentId,
  /** Deletes the experiment's record; its runs stay. */
  'experiments.delete': ExperimentId,

  // Ensembles (main/ensemble): members are runs; each call that starts one returns its id, progress comes as 'ensemble.event'.
  /** Voting or selection over runs or a study's top trials; bagging, boosting or stacking training members on a dataset (stacking also over runs). */
  'ensembles.create': EnsembleRequest,
  /** Paged and sorted like runs.list: History lists ensembles beside runs. */
  'ensembles.list': EnsembleListRequest,
  /** Members (weight, role, fold, run metrics), val/test metrics, size and latency, diversity, the selection path. */
  'ensembles.get': EnsembleId,
  'ensembles.cancel': EnsembleId,
  /** Continues an interrupted or cancelled ensemble: finished members are kept, the rest train. */
  'ensembles.resume': EnsembleId,
  /** Deletes the ensemble and its merged model; its member runs stay. */
  'ensembles.delete': EnsembleId,
  /** The merged model (tfjs Layers, raw features in), preprocessing.json (recipe null) and a model card listing the members. */
  'ensembles.export': EnsembleExport,

  // Hyperparameter studies: see docs/studies-api.md.
  'studies.create': z.object({ config: StudyConfig }).strict(),
  'studies.list': z
    .object({ offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(50), search: z.string().max(200).optional() })
    .strict(),
  'studies.get': z.object({ studyId: id }).strict(),
  'studies.trials': z
    .object({
      studyId: id,
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000).default(100),
      sort: z.enum(STUDY_TRIAL_SORT_KEYS).default('number'),
      order: z.enum(['asc', 'desc']).default('asc'),
      /** Sort by this objective's value when sort = 'value'. */
      objective: z.number().int().min(0).max(7).default(0),
      states: z.array(z.enum(['running', 'complete', 'pruned', 'failed'])).max(4).optional(),
      /** Keep trials whose first objective lies in [minValue, maxValue]. */
      minValue: z.number().optional(),
      maxValue: z.number().optional(),
    })
    .strict(),
  'studies.start': z.object({ studyId: id, workers: z.number().int().min(1).max(256).optional() }).strict(),
  'studies.stop': z.object({ studyId: id, cancelRunning: z.boolean().default(true) }).strict(),
  'studies.ask': z.object({ studyId: id }).strict(),
  'studies.tell': z
    .object({
      studyId: id,
      number: z.number().int().min(0),
      values: z.array(z.number()).min(1).max(8).optional(),
      state: z.enum(['complete', 'failed', 'pruned']).default('complete'),
      error: z.string().max(10000).optional(),
    })
    .strict(),
  'studies.report': z.object({ studyId: id, number: z.number().int().min(0), step: z.number().int().min(0), value: z.number() }).strict(),
  'studies.importance': z.object({ studyId: id, objective: z.number().int().min(0).max(7).default(0) }).strict(),
  'studies.history': z.object({ studyId: id, maxIntermediateTrials: z.number().int().min(0).max(10000).default(500) }).strict(),
  /** The best (or a chosen) trial's run, exported like runs.export (format, withPreprocessing). */
  'studies.exportBest': z
    .object({
      studyId: id,
      outDir: z.string().min(1).max(4096).optional(),
      number: z.number().int().min(0).optional(),
      format: z.enum(EXPORT_FORMATS).optional(),
      withPreprocessing: z.boolean().optional(),
    })
    .strict(),
  'studies.update': z
    .object({
      studyId: id,
      name: name.optional(),
      space: StudyConfig.shape.space.optional(),
      sampler: StudyConfig.shape.sampler.optional(),
      pruner: StudyConfig.shape.pruner.optional(),
      nTrials: z.number().int().min(1).max(100000).optional(),
      workers: z.number().int().min(1).max(256).optional(),
    })
    .strict(),
  'studies.delete': z.object({ studyId: id }).strict(),

  // Bundles (docs/bundles.md): results that move between data folders as one .mbz archive.
  /** A run, a study (trials, runs, best model) or an experiment (steps, runs); outFile defaults to <home>/exports/<id>-<time>.mbz. */
  'bundles.export': z
    .object({ kind: z.enum(BUNDLE_KINDS), id, outFile: z.string().min(1).max(4096).optional(), withData: z.boolean().default(false) })
    .strict(),
  /** Brings a bundle into this data folder: the same ids, or fresh ones where they are taken (listed in `remapped`). */
  'bundles.import': z.object({ file: z.string().min(1).max(4096) }).strict(),

  // Storage (docs/scale.md): where results are stored. A new setting is saved in the data folder's settings.json
  // and used from the next start; storage.test opens the chosen store read-only and closes it.
  'storage.info': z.object({}).strict(),
  'storage.test': z.object({ setting: StorageSetting }).strict(),
  'storage.save': z.object({ setting: StorageSetting }).strict(),
} as const;

export type Method = keyof typeof requests;
export type Params<M extends Method> = z.input<(typeof requests)[M]>;
export type ParsedParams<M extends Method> = z.output<(typeof requests)[M]>;

export type AppInfo = {
  version: string;
  home: string;
  backend: string;
  /** The backends the training workers tried, in order, with why each skipped one was not used. */
  backends: BackendAttempt[];
  /** The GPU the training workers use when their backend is webgpu (absent: none found or not probed). */
  adapter?: GpuAdapter | null;
  versions: Record<string, string>;
  /**
   * Folders on the engine's machine that 'datasets.importPath' may read from when
   * paths are restricted: the data folder's imports/ and the folders allowed with
   * `modelbench serve --data-dir` (absolute paths).
   */
  importRoots: string[];
  /**
   * Whether this caller may create and start studies with command objectives (programs
   * run on the engine's machine): always from the CLI; from the web host or the desktop
   * app only when started with `modelbench serve --allow-commands` / MODELBENCH_ALLOW_COMMANDS=1.
   */
  commandsAllowed: boolean;
  /** The store this process uses (a file, or a URL without its password) and where that choice came from. */
  storage: StoreDescription & { source: StorageSource };
};
export type DatasetPreview = {
  meta: DatasetMeta;
  columns: string[];
  rows: (number | string)[][];
  /** For image datasets: a few samples as [H*W*C] arrays in [0, 1] with their labels. */
  images?: { pixels: number[]; label: string }[];
  /** For series: each series (the first few) drawn back from its windows, with its split boundaries (main/data/series/reconstruct.ts). */
  series?: SeriesLine[];
};
export type AugmentPreview = { shape: number[]; original: number[]; samples: number[][] };
export type RunMetrics = { runId: string; points: MetricPoint[] };
/** runs.explain: the explanation's id; `reused` when it was computed (or is being computed) for the same settings already. */
export type ExplainStarted = { explanationId: string; status: ExplanationStatus; reused: boolean; explanation?: ExplanationRecord };
/** A stored explanation as a reader sees it: interrupted when its process is gone, with progress while it runs here. */
export type ExplanationView = ExplanationRecord & { progress: { done: number; total: number } | null };
/** `recorded`: epochs with diagnostics; `epochs`: at most maxEpochs of them, evenly spaced. */
export type RunDiagnostics = { runId: string; epochs: EpochDiagnostics[]; recorded: number };
export type AppliedFix = { runId: string; parentRunId: string; code: FindingCode; change: SuggestedChange };
export type RunComparison = {
  runs: RunRecord[];
  metrics: RunMetrics[];
  /** Config paths whose values differ between runs, with each run's value. */
  configDiff: { path: string; values: unknown[] }[];
};

export type Results = {
  'app.info': AppInfo;
  'datasets.list': DatasetMeta[];
  'datasets.get': DatasetMeta;
  'datasets.importPath': DatasetMeta;
  'datasets.importCsvText': DatasetMeta;
  'datasets.importSample': DatasetMeta;
  'datasets.peekColumns': { columns: string[] };
  'datasets.preview': DatasetPreview;
  'datasets.delete': { deleted: true };
  'datasets.augmentPreview': AugmentPreview;
  'models.presets': ModelPreset[];
  'models.count': ModelCount;
  'runs.start': { runId: string };
  'runs.cancel': { cancelled: boolean };
  'runs.list': RunPage;
  'runs.get': RunRecord;
  'runs.metrics': RunMetrics;
  'runs.compare': RunComparison;
  'runs.update': RunRecord;
  'runs.delete': { deleted: true };
  'runs.export': ExportResult;
  'runs.size': RunSize;
  'runs.explain': ExplainStarted;
  'explanations.get': ExplanationView;
  'explanations.list': ExplanationPage;
  'explanations.cancel': { cancelled: boolean };
  'runs.attention': AttentionResult;
  'runs.forecast': ForecastResult;
  'ensembles.forecast': ForecastResult;
  'runs.diagnostics': RunDiagnostics;
  'runs.diagnose': Diagnosis;
  'runs.applyFix': AppliedFix;
  'compression.prune': { experimentId: string };
  'compression.shrink': { experimentId: string };
  'compression.distill': { experimentId: string };
  'compression.finetune': { experimentId: string };
  'experiments.list': ExperimentRecord[];
  'experiments.get': ExperimentDetail;
  'experiments.cancel': { cancelled: boolean };
  'experiments.resume': { experimentId: string; resumed: true };
  'experiments.delete': { deleted: true };
  'ensembles.create': { ensembleId: string };
  'ensembles.list': EnsemblePage;
  'ensembles.get': EnsembleDetail;
  'ensembles.cancel': { cancelled: boolean };
  'ensembles.resume': { ensembleId: string; resumed: true };
  'ensembles.delete': { deleted: true };
  'ensembles.export': ExportResult;
  'studies.create': StudyInfo;
  'studies.list': StudyPage;
  'studies.get': StudyDetail;
  'studies.trials': TrialPage;
  'studies.start': { started: boolean; studyId: string };
  'studies.stop': { stopped: boolean };
  'studies.ask': AskResult;
  'studies.tell': { number: number; state: string };
  'studies.report': ReportResult;
  'studies.importance': ImportanceResult;
  'studies.history': StudyHistory;
  'studies.exportBest': ExportResult & { number: number; runId: string };
  'studies.update': UpdateResult;
  'studies.delete': { deleted: true };
  'bundles.export': BundleExportResult;
  'bundles.import': BundleImportResult;
  'storage.info': StorageInfo;
  'storage.test': StorageTestResult;
  'storage.save': StorageInfo;
};

import type { EventName, Events } from './events.ts';
export type { EventName, Events };
export type { ExportResult, ModelCount, ModelPreset, RunPage } from './schemas.ts';
export { RUN_SORT_KEYS } from './schemas.ts';
export type {
  ExplainRequestInput, ExplainSettings, ExplanationEvent, ExplanationPage, ExplanationRecord, ExplanationResult, ExplanationStatus, ExplanationSummary,
  ExplainedRow, GlobalExplanationResult, LocalExplanationResult,
} from '../explain/request.ts';
export type { AttentionLayerMaps, AttentionRequestInput, AttentionResult } from '../explain/sequence/attention-request.ts';
export type { ForecastResult, ForecastWindow, RankedWindow } from '../forecast/types.ts';
export type { Diagnosis, Finding, FindingCode, SuggestedChange } from '../diagnose/advisor/types.ts';
export type { EpochDiagnostics, LayerDiagnostics, LayerSummary, Summary } from '../diagnose/types.ts';
export type { ExperimentDetail, ExperimentEvent, ExperimentRecord, ExperimentStep, RunSize } from '../compression/types.ts';
export type { EnsembleDetail, EnsembleEvent, EnsembleMemberView, EnsemblePage, EnsembleRecord, EnsembleReport, EnsembleStatus } from '../ensemble/types.ts';
export type { EnsembleRequestInput } from '../ensemble/requests.ts';
export type {
  AskResult, ImportanceResult, ObjectiveInfo, ReportResult, StudyDetail, StudyEvent, StudyHistory, StudyInfo, StudyPage, StudyStatus,
  TrialCounts, TrialPage, TrialRow, TrialState, UpdateResult,
} from '../study/types.ts';
export type { StudyConfig, StudyConfigInput } from '../study/config.ts';
export type { BundleExportResult, BundleImportResult, BundleKindName } from '../bundle/types.ts';

/** What every shell gives the renderer: the Electron preload bridge and the web host client both implement it. */
export interface ModelbenchApi {
  call<M extends Method>(method: M, params: Params<M>): Promise<Results[M]>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}

export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && Object.hasOwn(requests, name);
}
