/**
 * The domain's validated shapes: model spec, hyperparameters, data pipeline and
 * run config. One zod schema each; the TypeScript types are inferred from them,
 * so the UI, the CLI, the engine and the database all agree by construction.
 *
 * A model spec + hyperparameters + data pipeline + seed = a run config that can
 * be replayed exactly.
 */
import { z } from 'zod';
import type { ModelSize, SparsityReport } from '../compression/types.ts';
import type { EpochDiagnostics } from '../diagnose/types.ts';
import { MAX_HORIZON, MAX_LOOKBACK, MAX_PROBE_ROWS, MAX_SEQUENCE_LENGTH, MAX_VOCAB_SIZE } from '../limits.ts';

export const ACTIVATIONS = ['linear', 'relu', 'leaky_relu', 'prelu', 'elu', 'sigmoid', 'tanh', 'softmax'] as const;
export const Activation = z.enum(ACTIVATIONS);
export type Activation = z.infer<typeof Activation>;

const positiveInt = z.number().int().positive();
const nonNegative = z.number().finite().nonnegative();

export const Regularizer = z
  .object({ l1: nonNegative.default(0), l2: nonNegative.default(0) })
  .strict();
export type Regularizer = z.infer<typeof Regularizer>;

const DenseLayer = z
  .object({
    kind: z.literal('dense'),
    units: positiveInt,
    activation: Activation.default('relu'),
    useBias: z.boolean().default(true),
    regularizer: Regularizer.optional(),
  })
  .strict();

const Conv2dLayer = z
  .object({
    kind: z.literal('conv2d'),
    filters: positiveInt,
    kernelSize: positiveInt.default(3),
    strides: positiveInt.default(1),
    padding: z.enum(['valid', 'same']).default('valid'),
    activation: Activation.default('relu'),
    useBias: z.boolean().default(true),
    regularizer: Regularizer.optional(),
  })
  .strict();

const Pool2dLayer = z
  .object({
    kind: z.enum(['maxPool2d', 'avgPool2d']),
    poolSize: positiveInt.default(2),
    strides: positiveInt.optional(),
  })
  .strict();

const GlobalAvgPoolLayer = z.object({ kind: z.literal('globalAvgPool2d') }).strict();
const FlattenLayer = z.object({ kind: z.literal('flatten') }).strict();
const DropoutLayer = z.object({ kind: z.literal('dropout'), rate: z.number().min(0).lt(1) }).strict();
const BatchNormLayer = z
  .object({ kind: z.literal('batchNorm'), momentum: z.number().gt(0).lt(1).default(0.99) })
  .strict();
const ActivationLayer = z.object({ kind: z.literal('activation'), activation: Activation }).strict();
const ReshapeLayer = z.object({ kind: z.literal('reshape'), targetShape: z.array(positiveInt).min(1) }).strict();

/** Multi-head self-attention over a sequence [T, D] (or [H, W, C] taken as H*W tokens of C). */
const AttentionLayer = z
  .object({
    kind: z.literal('attention'),
    heads: positiveInt.default(2),
    keyDim: positiveInt.default(16),
    dropout: z.number().min(0).lt(1).default(0),
  })
  .strict();

// ---- Sequence layers (docs/model-spec.md "Sequences"): inputs [tokens] of ids, or [steps, features] ----

/**
 * Token ids [T] → vectors [T', dim] (T' = maxLength when set: the first maxLength tokens). Ids past
 * vocabSize read [UNK]; the tokeniser of a text run keeps vocabSize ids. Padding (id 0) gives zeros
 * and a padding mask that attention, pooling over time and recurrent layers after it respect.
 */
const EmbeddingLayer = z
  .object({
    kind: z.literal('embedding'),
    vocabSize: z.number().int().min(8).max(MAX_VOCAB_SIZE).default(8000),
    dim: positiveInt.default(64),
    maxLength: z.number().int().min(1).max(MAX_SEQUENCE_LENGTH).optional(),
  })
  .strict();
/** Adds position information to [T, D]: learned vectors or the fixed sinusoids. */
const PositionalLayer = z.object({ kind: z.literal('positional'), mode: z.enum(['learned', 'sinusoidal']).default('sinusoidal') }).strict();
/** Normalises each token (or vector) over its features, with a learned scale and shift. */
const LayerNormLayer = z.object({ kind: z.literal('layerNorm'), epsilon: z.number().positive().max(0.1).default(1e-5) }).strict();
/**
 * A transformer encoder block on [T, D]: multi-head self-attention (padding masked) and a
 * feed-forward network (D → ffUnits → D), each with dropout and a residual connection, layer
 * normalisation before each (pre-norm) or after each residual sum (post-norm). keyDim defaults to D / heads.
 */
const TransformerLayer = z
  .object({
    kind: z.literal('transformer'),
    heads: positiveInt.default(4),
    keyDim: positiveInt.optional(),
    ffUnits: positiveInt.default(128),
    dropout: z.number().min(0).lt(1).default(0.1),
    norm: z.enum(['pre', 'post']).default('pre'),
    activation: Activation.default('relu'),
  })
  .strict();
const Conv1dLayer = z
  .object({
    kind: z.literal('conv1d'),
    filters: positiveInt,
    kernelSize: positiveInt.default(3),
    strides: positiveInt.default(1),
    padding: z.enum(['valid', 'same']).default('same'),
    activation: Activation.default('relu'),
    useBias: z.boolean().default(true),
    regularizer: Regularizer.optional(),
  })
  .strict();
const Pool1dLayer = z.object({ kind: z.enum(['maxPool1d', 'avgPool1d']), poolSize: positiveInt.default(2), strides: positiveInt.optional() }).strict();
/** [T, D] → [D]: mean or max over the (unpadded) steps, or the first token (a class-token head). */
const GlobalPool1dLayer = z.object({ kind: z.literal('globalPool1d'), pool: z.enum(['avg', 'max', 'first']).default('avg') }).strict();
/** LSTM or GRU over [T, D]; bidirectional concatenates both directions; returnSequences keeps [T, units] instead of the final state. */
const RecurrentLayer = z
  .object({
    kind: z.enum(['lstm', 'gru']),
    units: positiveInt.default(64),
    bidirectional: z.boolean().default(false),
    returnSequences: z.boolean().default(false),
  })
  .strict();

type BaseLayer =
  | z.infer<typeof EmbeddingLayer>
  | z.infer<typeof PositionalLayer>
  | z.infer<typeof LayerNormLayer>
  | z.infer<typeof TransformerLayer>
  | z.infer<typeof Conv1dLayer>
  | z.infer<typeof Pool1dLayer>
  | z.infer<typeof GlobalPool1dLayer>
  | z.infer<typeof RecurrentLayer>
  | z.infer<typeof DenseLayer>
  | z.infer<typeof Conv2dLayer>
  | z.infer<typeof Pool2dLayer>
  | z.infer<typeof GlobalAvgPoolLayer>
  | z.infer<typeof FlattenLayer>
  | z.infer<typeof DropoutLayer>
  | z.infer<typeof BatchNormLayer>
  | z.infer<typeof ActivationLayer>
  | z.infer<typeof ReshapeLayer>
  | z.infer<typeof AttentionLayer>;

/** output = activation(x + body(x)); a 1x1 / dense projection is added when shapes differ. */
export type ResidualLayer = { kind: 'residual'; layers: Layer[]; activation: Activation };
export type Layer = BaseLayer | ResidualLayer;
export type LayerKind = Layer['kind'];

const ResidualLayerSchema: z.ZodType<ResidualLayer, any> = z.lazy(() =>
  z
    .object({
      kind: z.literal('residual'),
      layers: z.array(LayerSchema).min(1),
      activation: Activation.default('relu'),
    })
    .strict(),
) as z.ZodType<ResidualLayer, any>;

export const LayerSchema: z.ZodType<Layer, any> = z.lazy(() =>
  z.union([
    DenseLayer,
    Conv2dLayer,
    Pool2dLayer,
    GlobalAvgPoolLayer,
    FlattenLayer,
    DropoutLayer,
    BatchNormLayer,
    ActivationLayer,
    ReshapeLayer,
    AttentionLayer,
    EmbeddingLayer,
    PositionalLayer,
    LayerNormLayer,
    TransformerLayer,
    Conv1dLayer,
    Pool1dLayer,
    GlobalPool1dLayer,
    RecurrentLayer,
    ResidualLayerSchema,
  ]),
) as z.ZodType<Layer, any>;

/**
 * The body of a network. The head (dense softmax for classification, dense linear
 * for regression) is added by the builder from the dataset, so a spec can move
 * between datasets and transfer learning can swap heads.
 */
export const ModelSpec = z
  .object({
    name: z.string().max(200).optional(),
    layers: z.array(LayerSchema).max(500),
  })
  .strict();
export type ModelSpec = z.infer<typeof ModelSpec>;

export const Optimizer = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sgd'), learningRate: z.number().positive().default(0.01) }).strict(),
  z
    .object({
      kind: z.literal('momentum'),
      learningRate: z.number().positive().default(0.01),
      momentum: z.number().min(0).lt(1).default(0.9),
      nesterov: z.boolean().default(false),
    })
    .strict(),
  z
    .object({
      kind: z.literal('adam'),
      learningRate: z.number().positive().default(0.001),
      beta1: z.number().min(0).lt(1).default(0.9),
      beta2: z.number().min(0).lt(1).default(0.999),
      epsilon: z.number().positive().default(1e-7),
    })
    .strict(),
  z
    .object({
      kind: z.literal('rmsprop'),
      learningRate: z.number().positive().default(0.001),
      rho: z.number().min(0).lt(1).default(0.9),
      momentum: z.number().min(0).lt(1).default(0),
      epsilon: z.number().positive().default(1e-7),
    })
    .strict(),
]);
export type Optimizer = z.infer<typeof Optimizer>;

/** Learning-rate schedules, applied per epoch. */
export const LrSchedule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('constant') }).strict(),
  z.object({ kind: z.literal('step'), stepSize: positiveInt.default(10), gamma: z.number().gt(0).lte(1).default(0.5) }).strict(),
  z.object({ kind: z.literal('exponential'), gamma: z.number().gt(0).lte(1).default(0.95) }).strict(),
  z.object({ kind: z.literal('cosine'), minLearningRate: nonNegative.default(0), periodEpochs: positiveInt.optional() }).strict(),
]);
export type LrSchedule = z.infer<typeof LrSchedule>;

export const MONITORS = ['val_loss', 'val_accuracy', 'val_f1', 'val_mse', 'val_mae', 'val_r2'] as const;
export const EarlyStopping = z
  .object({
    monitor: z.enum(MONITORS).default('val_loss'),
    patience: z.number().int().min(0).default(5),
    minDelta: nonNegative.default(0),
    restoreBestWeights: z.boolean().default(true),
  })
  .strict();
export type EarlyStopping = z.infer<typeof EarlyStopping>;

export const GradientClip = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('norm'), maxNorm: z.number().positive() }).strict(),
  z.object({ kind: z.literal('value'), maxValue: z.number().positive() }).strict(),
]);
export type GradientClip = z.infer<typeof GradientClip>;

/**
 * Training diagnostics (main/train/diagnostics.ts): per-layer weights, gradients
 * and activations on a fixed batch of validation rows, recorded while training at
 * no more than 10% of its time. Absent: on, with 128 probe rows.
 */
export const DiagnosticsSettings = z
  .object({
    enabled: z.boolean().default(true),
    probeRows: z.number().int().min(1).max(MAX_PROBE_ROWS).default(128),
  })
  .strict();
export type DiagnosticsSettings = z.infer<typeof DiagnosticsSettings>;

/** Image augmentation, applied on the fly in the training worker, seeded. noiseStd also applies to tabular data. */
export const Augmentation = z
  .object({
    flipHorizontal: z.boolean().default(false),
    flipVertical: z.boolean().default(false),
    /** Maximum absolute rotation in degrees. */
    rotateDegrees: z.number().min(0).max(180).default(0),
    /** Maximum relative zoom in or out, e.g. 0.1 = scale in [0.9, 1.1]. */
    scale: z.number().min(0).lt(1).default(0),
    /** Random crop after padding each side by this many pixels. */
    cropPadding: z.number().int().min(0).max(64).default(0),
    /** Maximum brightness shift, in units of the value range. */
    brightness: z.number().min(0).max(1).default(0),
    /** Maximum relative contrast change. */
    contrast: z.number().min(0).max(1).default(0),
    /** Standard deviation of additive Gaussian noise, in units of the value range. */
    noiseStd: z.number().min(0).max(1).default(0),
    /** Probability of erasing one random rectangle (random erasing). */
    erasingProbability: z.number().min(0).max(1).default(0),
  })
  .strict();
export type Augmentation = z.infer<typeof Augmentation>;

export const PreprocessMethod = z.enum(['none', 'standardize', 'minmax']);
export type PreprocessMethod = z.infer<typeof PreprocessMethod>;

/**
 * Regression targets: 'standardize' trains on (y − mean) / std of the training
 * rows, so the loss starts near 1 whatever the target's units; predictions,
 * mse, mae and r2 are reported in the original units. Ignored for classification.
 */
export const TargetScalingMethod = z.enum(['standardize', 'none']);
export type TargetScalingMethod = z.infer<typeof TargetScalingMethod>;

export const Split = z
  .object({
    validation: z.number().gt(0).lt(0.9).default(0.15),
    test: z.number().min(0).lt(0.9).default(0.15),
    stratify: z.boolean().default(true),
  })
  .strict()
  .refine((s) => s.validation + s.test < 0.95, 'validation + test must leave data to train on');
export type Split = z.infer<typeof Split>;

/**
 * How the texts of a text dataset become token ids (main/data/text): the
 * tokeniser (word-level, or byte-pair encoding trained on the training texts),
 * Unicode normalisation, accent stripping and lower-casing, and the least count
 * a token needs to enter the vocabulary. The vocabulary size is the first
 * embedding layer's vocabSize (the model's table must hold every id); the
 * sequence length is the dataset's (inputShape [maxLength]). Fitted per run on
 * the training rows only, stored in the recipe. Ignored for other data.
 */
export const TextOptions = z
  .object({
    tokenizer: z.enum(['word', 'bpe']).default('word'),
    lowercase: z.boolean().default(true),
    normalize: z.enum(['nfkc', 'none']).default('nfkc'),
    stripAccents: z.boolean().default(false),
    minFrequency: z.number().int().min(1).max(1000).default(1),
  })
  .strict();
export type TextOptions = z.infer<typeof TextOptions>;

export const HyperParams = z
  .object({
    optimizer: Optimizer.default({ kind: 'adam', learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }),
    schedule: LrSchedule.default({ kind: 'constant' }),
    batchSize: z.number().int().min(1).max(65536).default(32),
    epochs: z.number().int().min(1).max(10000).default(20),
    earlyStopping: EarlyStopping.optional(),
    gradientClip: GradientClip.optional(),
    preprocess: PreprocessMethod.default('standardize'),
    targetScaling: TargetScalingMethod.default('standardize'),
    augmentation: Augmentation.optional(),
    split: Split.default({ validation: 0.15, test: 0.15, stratify: true }),
    diagnostics: DiagnosticsSettings.optional(),
    text: TextOptions.optional(),
  })
  .strict();
export type HyperParams = z.infer<typeof HyperParams>;
export type HyperParamsInput = z.input<typeof HyperParams>;

/**
 * Where a run trains (main/backend/select.ts). 'auto' (or absent): the first that works of tensorflow →
 * webgpu (a hardware GPU that passes a self-test) → wasm → cpu. A named backend is used even when it is a
 * software GPU (SwiftShader, lavapipe), and a run whose named backend cannot start fails, saying why.
 */
export const BACKEND_CHOICES = ['auto', 'tensorflow', 'webgpu', 'wasm', 'cpu'] as const;
export const BackendChoice = z.enum(BACKEND_CHOICES);
export type BackendChoice = z.infer<typeof BackendChoice>;

/**
 * A backend tried for a run or a worker: why it was not used, or for the one used (available), why it was
 * chosen: how it was picked ('auto: the first that works of …', 'chosen for this run', 'MODELBENCH_BACKEND=…')
 * and, for webgpu, the adapter and its self-test (main/backend/select.ts).
 */
export type BackendAttempt = { name: string; available: boolean; reason?: string };

/** The WebGPU adapter a run trained on, as Dawn describes it (main/backend/webgpu/adapter.ts). */
export type GpuAdapter = {
  vendor: string;
  architecture: string;
  device: string;
  /** The driver's description, e.g. 'SwiftShader driver 5.0.0' or 'NVIDIA: 550.54'. */
  description: string;
  /** A CPU implementation of the GPU API (SwiftShader, lavapipe, llvmpipe): correct but slow, used only when asked for. */
  software: boolean;
};

export const RunConfig = z
  .object({
    /** A dataset id or name (names are at most 200 characters). */
    datasetId: z.string().min(1).max(200),
    spec: ModelSpec,
    hyperparams: HyperParams,
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(42),
    name: z.string().max(200).optional(),
    backend: BackendChoice.optional(),
  })
  .strict();
export type RunConfig = z.infer<typeof RunConfig>;
export type RunConfigInput = z.input<typeof RunConfig>;

export const TASKS = ['classification', 'regression'] as const;
export type Task = (typeof TASKS)[number];

/** 'pruned': a study trial its pruner stopped early (it did nothing wrong; its metrics are those of the epoch it was judged on). */
export const RUN_STATUSES = ['queued', 'running', 'completed', 'failed', 'diverged', 'cancelled', 'pruned', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/**
 * A fitted preprocessing recipe: x' = (x - center) / scale, per feature (tabular)
 * or per channel (images). It travels with the exported model.
 */
export type PreprocessRecipe = {
  method: PreprocessMethod;
  axis: 'feature' | 'channel';
  center: number[];
  scale: number[];
  /** Regression runs: the target transform; the model's output y' maps back to y = y' · scale + center. */
  target?: TargetScaling;
  /** Text datasets: how a row's texts (and numeric columns) become the model's token ids; center/scale are then the identity. */
  text?: TextRecipe;
};

/** A fitted tokeniser (main/data/text/tokenizer.ts): ids are indices into vocab; 0 = [PAD], 1 = [UNK], 2 = [SEP]. */
export type TokenizerModel =
  | { kind: 'word'; vocab: string[]; options: TextOptions }
  | { kind: 'bpe'; vocab: string[]; merges: [string, string][]; options: TextOptions };

/**
 * A text row → ids [maxLength] (main/data/text/text-recipe.ts): one bin token per numeric column
 * (its value's quantile bin, edges fitted on the training rows; bin k of column c is id
 * numericBase + c·bins + k), then each text column's tokens, [SEP] between columns, each column
 * cut to a fair share of the room left; then [PAD] (0) to maxLength.
 */
export type TextRecipe = {
  tokenizer: TokenizerModel;
  maxLength: number;
  textColumns: string[];
  numeric: { name: string; edges: number[] }[];
  numericBase: number;
  bins: number;
};

/** A fitted regression-target transform: y' = (y − center) / scale (method 'none': center 0, scale 1). */
export type TargetScaling = { method: TargetScalingMethod; center: number; scale: number };

export type DatasetSource = 'csv' | 'idx' | 'images' | 'sample';

/**
 * A CSV read as a time series (main/data/series/series-csv.ts): windows of `lookback` steps of
 * the value columns, forecasting the next `horizon` steps of `target`, or (with the import's
 * `label` instead of a target) classifying each window by the label at its last step; a
 * chronological split per series (`validation`, `test`: the last shares of each series).
 */
export const SeriesImport = z
  .object({
    time: z.string().min(1).max(200),
    target: z.string().min(1).max(200).optional(),
    values: z.array(z.string().min(1).max(200)).max(1000).optional(),
    id: z.string().min(1).max(200).optional(),
    lookback: z.number().int().min(1).max(MAX_LOOKBACK),
    horizon: z.number().int().min(1).max(MAX_HORIZON).optional(),
    stride: z.number().int().min(1).max(MAX_LOOKBACK).optional(),
    validation: z.number().gt(0).lt(0.9).optional(),
    test: z.number().min(0).lt(0.9).optional(),
  })
  .strict();
export type SeriesImport = z.infer<typeof SeriesImport>;

/**
 * The sequence options of a CSV import (datasets.importPath / importCsvText): `textColumns` makes a
 * text dataset (main/data/text/text-csv.ts) with `maxLength` tokens per row (default from the
 * texts); `series` makes a windowed time series. A folder of .txt files per class needs neither.
 */
export const SEQUENCE_IMPORT_FIELDS = {
  textColumns: z.array(z.string().min(1).max(200)).min(1).max(50).optional(),
  maxLength: z.number().int().min(1).max(MAX_SEQUENCE_LENGTH).optional(),
  series: SeriesImport.optional(),
};

/** What to do with missing cells at CSV import (main/data/missing.ts); 'refuse' is the default. */
export const MISSING_RULES = ['refuse', 'drop-rows', 'mean', 'median', 'most-frequent'] as const;
export type MissingRule = (typeof MISSING_RULES)[number];
export type MissingInfo = {
  rule: MissingRule;
  rowsDropped: number;
  cellsFilled: number;
  /** Columns that had missing cells: how many (in the rows kept, for fills) and the value filled in. */
  columns: { name: string; missing: number; fill?: number | string }[];
};
/** How a text file's bytes were decoded (main/data/text-file.ts). */
export const TEXT_ENCODINGS = ['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1252'] as const;
export type TextEncoding = (typeof TEXT_ENCODINGS)[number];
/** What an import detected or decided that the shape does not say (stored as JSON in datasets.info). */
export type DatasetInfo = {
  encoding?: TextEncoding;
  compression?: 'gzip';
  /** CSV field separator: ',', ';', '\t' or '|'. */
  delimiter?: string;
  /** CSV columns read with a decimal comma ('1,5' = 1.5). */
  decimalComma?: string[];
  missing?: MissingInfo;
  /** A text dataset (main/data/text): raw texts in texts.json beside x.f32, tokenised per run on the training rows. */
  text?: TextInfo;
  /** A windowed time series (main/data/series): its chronological split is stored with it (parts.u8). */
  series?: SeriesInfo;
};

/**
 * A text dataset: x.f32 holds the numeric columns (numericColumns, in order) and texts.json the
 * text columns; the model takes maxLength token ids. `stats` are for people (dataset screen):
 * words per row over all rows (quantiles and a histogram) and the share of word occurrences the
 * k most frequent words cover.
 */
export type TextInfo = {
  textColumns: string[];
  numericColumns: string[];
  maxLength: number;
  origin: 'csv' | 'folder' | 'sample';
  stats: {
    words: { p50: number; p95: number; max: number; histogram: { upTo: number; rows: number }[] };
    distinctWords: number;
    coverage: { top: number; share: number }[];
    emptyRows: number;
  };
};

/**
 * A windowed time series: each sample is `lookback` steps of the value columns (x [lookback, values])
 * and, for forecasting, the next `horizon` steps of the target (y [horizon]); windows start every
 * `stride` steps. The split is chronological per series (no window crosses a boundary) and stored
 * with the dataset: parts.u8 holds 0 (train), 1 (validation) or 2 (test) per window.
 */
export type SeriesInfo = {
  timeColumn: string;
  valueColumns: string[];
  target: string;
  idColumn?: string;
  lookback: number;
  horizon: number;
  stride: number;
  split: { validation: number; test: number };
  /** Per series: its id, length, time range and where its parts begin (step index of the first validation and test step). */
  series: { id: string; length: number; start: string; end: string; valStart: number; testStart: number }[];
  windows: { train: number; val: number; test: number };
};

export type DatasetMeta = {
  id: string;
  name: string;
  source: DatasetSource;
  task: Task;
  /** Per-sample shape: [F] for tabular data, [H, W, C] for images, [maxLength] token ids for texts, [lookback, values] for series. */
  inputShape: number[];
  numSamples: number;
  /**
   * Class names, index = label value. Regression: empty for one target; the name of each output
   * when there are several (a forecast's horizon steps, 'births t+1' …), and y.f32 then holds that
   * many values per sample.
   */
  classes: string[];
  /** Column names after one-hot encoding (tabular only). */
  featureNames: string[];
  labelName: string;
  /** Samples per class (classification only). */
  classCounts: number[];
  createdAt: string;
  /** What the import decided (encoding, delimiter, missing values…). The engine always sets it. */
  info?: DatasetInfo;
  /** What the user should know about the import (a guessed encoding, rows dropped, cells filled). The engine always sets it. */
  warnings?: string[];
};

/** Metric names per split: loss, accuracy, f1, precision, recall (classification); mse, mae, r2 (regression). */
export type MetricValues = Record<string, number>;

export type FinalMetrics = {
  train?: MetricValues;
  val?: MetricValues;
  test?: MetricValues;
  /** Row = true class, column = predicted class, on the test split (validation when there is no test split). */
  confusion?: number[][];
  bestEpoch?: number;
  /** Parameters, FLOPs, bytes, gzip of the weights and measured latency of the saved model (main/compression). */
  size?: ModelSize;
  /** Per-layer sparsity of a magnitude-pruned model. */
  sparsity?: SparsityReport;
};

export type RunRecord = {
  id: string;
  name: string;
  datasetId: string;
  datasetName: string;
  status: RunStatus;
  config: RunConfig;
  backend: string | null;
  /** The GPU of a webgpu run (null on other backends; absent on runs stored before adapters were recorded). */
  adapter?: GpuAdapter | null;
  /**
   * The backends tried, in order: each skipped one with why it was not used, then `backend` itself (available)
   * with why it was chosen. Absent on runs stored before it was recorded (and on runs not started yet).
   */
  backendsTried?: BackendAttempt[];
  versions: Record<string, string>;
  seed: number;
  paramCount: number;
  flops: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  epochsDone: number;
  error: string | null;
  metrics: FinalMetrics;
  notes: string;
  tags: string[];
  /** The process that runs (or ran) it: an owner id of db/store.ts. Absent on records built before storing. */
  ownerId?: string | null;
};

export type MetricPoint = { epoch: number; split: 'train' | 'val' | 'test'; name: string; value: number };

/** Events streamed while a run trains. */
export type RunEvent =
  | {
      type: 'started'; runId: string; backend: string; epochs: number; paramCount: number;
      /** Set by the training worker (main/train/worker.ts): the GPU of a webgpu run, and the backends tried (RunRecord.backendsTried). */
      adapter?: GpuAdapter | null; tried?: BackendAttempt[];
    }
  | { type: 'batch'; runId: string; epoch: number; batch: number; batches: number; loss: number }
  | {
      type: 'epoch';
      runId: string;
      epoch: number;
      epochs: number;
      learningRate: number;
      train: MetricValues;
      val: MetricValues;
      elapsedMs: number;
      etaMs: number;
    }
  /** Per-layer diagnostics of a probed epoch, sent right after that epoch's 'epoch' event (main/train/diagnostics.ts). */
  | { type: 'diagnostics'; runId: string; epoch: number; diagnostics: EpochDiagnostics }
  | { type: 'finished'; runId: string; status: RunStatus; metrics: FinalMetrics; error: string | null };

export const RUN_SORT_KEYS = ['createdAt', 'name', 'status', 'valAccuracy', 'valF1', 'valLoss', 'valR2', 'valMse', 'paramCount', 'durationMs'] as const;

/** One page of the run list: sorted, filtered, searched (name, id, tags). */
export const RunListQuery = z
  .object({
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(500).default(50),
    sort: z.enum(RUN_SORT_KEYS).default('createdAt'),
    order: z.enum(['asc', 'desc']).default('desc'),
    status: z.enum(RUN_STATUSES).optional(),
    datasetId: z.string().min(1).max(100).optional(),
    search: z.string().max(200).optional(),
  })
  .strict();
export type RunListQuery = z.output<typeof RunListQuery>;
export type RunPage = { total: number; items: RunRecord[] };

export type ExportResult = { outDir: string; files: string[] };
/** The model file of an export: tfjs Layers (model.json + weights.bin) or ONNX (model.onnx). */
export const EXPORT_FORMATS = ['tfjs', 'onnx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type ModelPreset = { id: string; name: string; description: string; spec: ModelSpec; hyperparams: HyperParamsInput; inputKind: 'tabular' | 'image' | 'text' | 'series' | 'any' };
export type ModelCount =
  | { ok: true; paramCount: number; trainableParams: number; flops: number; outputShape: number[]; layers: { kind: string; outputShape: number[]; params: number; flops: number }[] }
  | { ok: false; error: string };
