/**
 * The seams of feature attribution. A model is seen only through a batched
 * prediction function, so every explainer is testable on plain functions and
 * the tfjs adapter (tf-model.ts) is the one place that knows about tensors.
 *
 * Shapes: rows are row-major Float32Arrays, n rows × `features` values (an
 * image [H, W, C] is H·W·C values per row); outputs are n × `outputs`.
 */

/** n rows in, n × outputs values out. May be async (a worker, a GPU read-back). */
export type PredictFn = (x: Float32Array, n: number) => Float32Array | Promise<Float32Array>;

export type ModelFn = {
  predict: PredictFn;
  /** Values per input row (the product of the input shape). */
  features: number;
  /** Values per output row: classes (softmax probabilities) or 1 (regression). */
  outputs: number;
  /** Per-row shape, [F] for tables, [H, W, C] for images. */
  inputShape: number[];
};

/**
 * Gradient of output `targets[i]` of row i with respect to row i's input, for
 * n rows at once (n × features values). Rows must not interact (inference mode).
 */
export type GradientFn = (x: Float32Array, n: number, targets: Int32Array) => Float32Array | Promise<Float32Array>;

export type DifferentiableModel = ModelFn & { gradient: GradientFn };

/** A block of rows to explain or to draw from. */
export type Rows = { x: Float32Array; n: number };

/**
 * Which output is explained. For classification it is the probability of one
 * class: a fixed index, or the class each row is predicted to be ('predicted',
 * the default). Regression has one output, index 0.
 */
export type Target = number | 'predicted';

/** Progress and cancel, checked between prediction batches. */
export type RunControl = {
  signal?: AbortSignal;
  /** done and total are in model rows evaluated, so progress is even whatever the method. */
  onProgress?: (done: number, total: number) => void;
};

/** The attribution of one explained row: base + Σ attributions ≈ prediction (exactly for the SHAP methods). */
export type RowAttribution = {
  /** Position of the row in the block given to attribute(). */
  index: number;
  /** The explained output (class index; 0 for regression). */
  target: number;
  /** The explained output's value for this row. */
  prediction: number;
  /** The reference value the attributions are measured from (E[f(background)], f(baseline), the surrogate's intercept). */
  base: number;
  /** One per player: feature, feature group, image segment or pixel value. */
  attributions: number[];
  /**
   * prediction − (base + Σ attributions). Zero up to rounding for exact Shapley
   * and KernelSHAP (enforced); the integration error for the gradient methods.
   */
  additivityGap: number;
  /** LIME for images: the segment of each pixel the attributions were spread over. */
  segments?: number[];
};

export type LocalExplanation = {
  method: string;
  /** Names of the players the attributions are for. */
  players: string[];
  rows: RowAttribution[];
  /** Method-specific facts worth showing next to the result (samples used, local fidelity, ...). */
  details: Record<string, number | string | number[]>;
};

/**
 * One local attribution method (Captum's `Attribution.attribute`): built with
 * the model and its fixed settings (background, baseline, segments), then asked
 * for rows.
 */
export interface Explainer<Options = object> {
  readonly method: string;
  attribute(rows: Rows, options?: Options & RunControl & { target?: Target }): Promise<LocalExplanation>;
}
