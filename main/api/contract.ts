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
  HyperParams,
  ModelSpec,
  RunConfig,
  RUN_STATUSES,
  TASKS,
  type DatasetMeta,
  type MetricPoint,
  type RunEvent,
  type RunRecord,
} from './schemas.ts';

const id = z.string().min(1).max(100);
const name = z.string().trim().min(1).max(200);

export const SAMPLE_DATASETS = ['iris', 'breast_cancer', 'digits', 'mnist'] as const;
export const RUN_SORT_KEYS = ['createdAt', 'name', 'status', 'valAccuracy', 'valF1', 'valLoss', 'paramCount', 'durationMs'] as const;

export const requests = {
  'app.info': z.object({}).strict(),

  'datasets.list': z.object({}).strict(),
  'datasets.get': z.object({ id }).strict(),
  /** A file or folder on this machine: CSV, IDX pair (images file; labels found beside it) or image folder. */
  'datasets.importPath': z
    .object({
      path: z.string().min(1).max(4096),
      name: name.optional(),
      label: z.string().max(200).optional(),
      task: z.enum(TASKS).optional(),
    })
    .strict(),
  /** CSV text uploaded from the UI (the web host cannot see the user's disk). */
  'datasets.importCsvText': z
    .object({
      text: z.string().min(1).max(200 * 1024 * 1024),
      name,
      label: z.string().max(200).optional(),
      task: z.enum(TASKS).optional(),
    })
    .strict(),
  'datasets.importSample': z.object({ sample: z.enum(SAMPLE_DATASETS) }).strict(),
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
  'runs.list': z
    .object({
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(500).default(50),
      sort: z.enum(RUN_SORT_KEYS).default('createdAt'),
      order: z.enum(['asc', 'desc']).default('desc'),
      status: z.enum(RUN_STATUSES).optional(),
      datasetId: id.optional(),
      search: z.string().max(200).optional(),
    })
    .strict(),
  'runs.get': z.object({ runId: id }).strict(),
  'runs.metrics': z.object({ runId: id, maxPoints: z.number().int().min(10).max(100000).default(2000) }).strict(),
  'runs.compare': z.object({ runIds: z.array(id).min(2).max(10) }).strict(),
  'runs.update': z.object({ runId: id, name: name.optional(), notes: z.string().max(10000).optional(), tags: z.array(z.string().max(50)).max(20).optional() }).strict(),
  'runs.delete': z.object({ runId: id }).strict(),
  /** Export to a folder (CLI/Electron: any folder the user chose; web host: inside the data folder). */
  'runs.export': z.object({ runId: id, outDir: z.string().min(1).max(4096).optional() }).strict(),
} as const;

export type Method = keyof typeof requests;
export type Params<M extends Method> = z.input<(typeof requests)[M]>;
export type ParsedParams<M extends Method> = z.output<(typeof requests)[M]>;

export type AppInfo = {
  version: string;
  home: string;
  backend: string;
  backends: { name: string; available: boolean; reason?: string }[];
  versions: Record<string, string>;
};
export type DatasetPreview = {
  meta: DatasetMeta;
  columns: string[];
  rows: (number | string)[][];
  /** For image datasets: a few samples as [H*W*C] arrays in [0, 1] with their labels. */
  images?: { pixels: number[]; label: string }[];
};
export type AugmentPreview = { shape: number[]; original: number[]; samples: number[][] };
export type ModelPreset = { id: string; name: string; description: string; spec: z.infer<typeof ModelSpec>; hyperparams: z.input<typeof HyperParams>; inputKind: 'tabular' | 'image' | 'any' };
export type ModelCount =
  | { ok: true; paramCount: number; trainableParams: number; flops: number; outputShape: number[]; layers: { kind: string; outputShape: number[]; params: number; flops: number }[] }
  | { ok: false; error: string };
export type RunPage = { total: number; items: RunRecord[] };
export type RunMetrics = { runId: string; points: MetricPoint[] };
export type RunComparison = {
  runs: RunRecord[];
  metrics: RunMetrics[];
  /** Config paths whose values differ between runs, with each run's value. */
  configDiff: { path: string; values: unknown[] }[];
};
export type ExportResult = { outDir: string; files: string[] };

export type Results = {
  'app.info': AppInfo;
  'datasets.list': DatasetMeta[];
  'datasets.get': DatasetMeta;
  'datasets.importPath': DatasetMeta;
  'datasets.importCsvText': DatasetMeta;
  'datasets.importSample': DatasetMeta;
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
};

/** Events pushed from the engine to every connected UI. */
export type Events = {
  'run.event': RunEvent;
};
export type EventName = keyof Events;

/** What every shell gives the renderer: the Electron preload bridge and the web host client both implement it. */
export interface ModelbenchApi {
  call<M extends Method>(method: M, params: Params<M>): Promise<Results[M]>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}

/** Errors that cross the boundary carry a stable code and a message meant for people. */
export type ApiErrorCode = 'invalid_argument' | 'not_found' | 'bad_data' | 'cannot_build' | 'forbidden_path' | 'conflict' | 'internal';
export type ApiErrorPayload = { code: ApiErrorCode; message: string; details?: unknown };

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly details?: unknown;
  constructor(code: ApiErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.details = details;
  }
  toPayload(): ApiErrorPayload {
    return { code: this.code, message: this.message, details: this.details };
  }
}

export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && Object.hasOwn(requests, name);
}
