/**
 * Training diagnostics: what is recorded per layer and epoch on a fixed probe
 * batch, and what the advisor reads. Plain JSON-serialisable data.
 *
 * Storage is bounded: a Summary is 7 scalars + 7 quantiles + HISTOGRAM_BINS
 * counts, about 0.7 KB as JSON; a LayerDiagnostics holds three of them and a
 * few scalars, at most BYTES_PER_LAYER_EPOCH (checked by a test on the JSON).
 * A run stores layers × probed epochs of them, at most MAX_RECORDED_EPOCHS
 * (schedule.ts): e.g. 8 layers × 200 epochs ≈ 3.7 MB at most.
 */

/** Fixed bins per histogram: enough to see a shape, small enough for thousands of layer-epochs. */
export const HISTOGRAM_BINS = 30;

/** The quantile levels recorded: TensorBoard-style bands (min, 5-95, quartiles, median, max). */
export const QUANTILE_LEVELS = [0, 0.05, 0.25, 0.5, 0.75, 0.95, 1] as const;

/** Upper bound of one LayerDiagnostics serialised as JSON. */
export const BYTES_PER_LAYER_EPOCH = 2300;

/**
 * Equal-width bins [lo + k·width, lo + (k+1)·width), k = 0..HISTOGRAM_BINS−1.
 * width is a power of two and lo a multiple of it (histogram.ts), so any two
 * histograms lie on nested grids and re-bin onto a common one exactly.
 */
export type Histogram = { lo: number; width: number; counts: number[] };

export type Summary = {
  /** Values summarised (finite ones); nonFinite counts NaN and ±Infinity apart. */
  count: number;
  nonFinite: number;
  mean: number;
  std: number;
  min: number;
  max: number;
  /** At QUANTILE_LEVELS. */
  quantiles: number[];
  histogram: Histogram;
  /** Values the quantiles and histogram were computed from (a seeded sample above SAMPLE_LIMIT). */
  sampled: number;
};

export type LayerDiagnostics = {
  /** The tfjs layer name (main/model/builder.ts names them after the spec: dense_1, res3_conv2d_1, head). */
  layer: string;
  className: string;
  /** Its activation function ('relu', 'sigmoid', ...), or null when it has none (batch norm, attention). */
  activation: string | null;
  /** Units (dense) or channels (conv): the last axis of its output. */
  units: number;
  params: number;
  weights: Summary | null;
  gradients: Summary | null;
  activations: Summary;
  /** L2 norms over all of the layer's trainable weights and their loss gradients. */
  weightNorm: number | null;
  gradNorm: number | null;
  /** ‖w_now − w_previous‖ / ‖w_previous‖ since the previous measurement (one epoch), or null the first time. */
  updateRatio: number | null;
  /** ReLU layers: share of units that output 0 for every probe sample (and every position). */
  deadFraction: number | null;
  /** Sigmoid / tanh layers: share of units near their limits for almost every probe value (units.ts). */
  saturatedFraction: number | null;
};

export type EpochDiagnostics = {
  epoch: number;
  /** Probe loss (data loss + regularisation) and the global gradient norm over all layers. */
  loss: number;
  gradNorm: number;
  layers: LayerDiagnostics[];
};

/** One point of the loss curves, as the trainer reports them per epoch. */
export type EpochLoss = { epoch: number; trainLoss: number; valLoss?: number };

/** One layer over a run's recorded epochs: where it ended and the range its gradient norm took (diagnose's `layers`). */
export type LayerSummary = {
  layer: string;
  className: string;
  activation: string | null;
  units: number;
  params: number;
  /** The last recorded epoch and the layer's measures there. */
  epoch: number;
  gradNorm: number | null;
  weightNorm: number | null;
  updateRatio: number | null;
  deadFraction: number | null;
  saturatedFraction: number | null;
  /** Over every recorded epoch (null for layers without weights). */
  minGradNorm: number | null;
  maxGradNorm: number | null;
};
