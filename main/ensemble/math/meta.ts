/**
 * Meta-learners for stacking: each turns out-of-fold meta-features (the
 * members' outputs side by side, [rows × members·outputs]) into a small stack
 * of dense layers. That one form is what the engine predicts with
 * (predictMeta, pure TS) and what merge.ts puts into the exported graph, so the
 * two cannot disagree on the maths.
 *
 * Implementations: logistic (L2 multinomial logistic regression, logistic.ts)
 * and linear (ridge, ridge.ts), both pure and deterministic; mlp, a small MLP
 * trained with tfjs (main/ensemble/meta-mlp.ts), implements the same interface.
 */
import { ApiError } from '../../api/errors.ts';
import type { Task } from '../../api/schemas.ts';

export type DenseActivation = 'linear' | 'softmax' | 'relu' | 'tanh';

/** One dense layer: out = activation(in · kernel + bias); kernel row-major [inputs × units]. */
export type DenseParams = { inputs: number; units: number; kernel: Float32Array; bias: Float32Array; activation: DenseActivation };

export type MetaModel = { kind: MetaKind; layers: DenseParams[] };

export const META_KINDS = ['logistic', 'linear', 'mlp'] as const;
export type MetaKind = (typeof META_KINDS)[number];

/** The training data of a meta-learner: features row-major [rows × cols]. */
export type MetaData = {
  features: Float32Array;
  rows: number;
  cols: number;
  /** Class indices (classification, one per row) or targets (regression, `outputs` per row: a forecast's horizon steps). */
  targets: ArrayLike<number>;
  task: Task;
  /** Classes (classification); the targets per row for regression. */
  outputs: number;
};

/** Targets per row of meta-data: one class index, or regression's outputs. */
export const targetWidth = (data: Pick<MetaData, 'task' | 'outputs'>): number => (data.task === 'regression' ? data.outputs : 1);

/** Refuses meta-data whose sizes disagree, naming them. */
export function checkMetaData(data: MetaData): void {
  const { features, rows, cols, targets } = data;
  if (features.length !== rows * cols || targets.length !== rows * targetWidth(data) || rows < 1) {
    throw new ApiError('invalid_argument', `meta-features hold ${features.length} values for ${rows} rows × ${cols} columns and ${targets.length} targets`);
  }
}

export interface MetaLearner {
  readonly kind: MetaKind;
  fit(data: MetaData): Promise<MetaModel>;
}

/** Meta-features: member m's outputs for row r at columns [m·outputs, (m+1)·outputs): the order a Concatenate layer gives. */
export function metaFeatures(values: Float32Array, members: number, rows: number, outputs: number): Float32Array {
  const out = new Float32Array(rows * members * outputs);
  for (let m = 0; m < members; m++) {
    for (let r = 0; r < rows; r++) {
      const from = (m * rows + r) * outputs;
      out.set(values.subarray(from, from + outputs), r * members * outputs + m * outputs);
    }
  }
  return out;
}

/** The forward pass of a meta-model, [rows × outputs] (float64 sums). */
export function predictMeta(model: MetaModel, features: Float32Array, rows: number): Float32Array {
  let x: Float64Array | Float32Array = features;
  for (const layer of model.layers) {
    if (x.length !== rows * layer.inputs) throw new ApiError('invalid_argument', `meta-layer expects ${layer.inputs} inputs per row, got ${x.length / rows}`);
    const out = new Float64Array(rows * layer.units);
    for (let r = 0; r < rows; r++) {
      const o = r * layer.units;
      for (let u = 0; u < layer.units; u++) out[o + u] = layer.bias[u];
      for (let i = 0; i < layer.inputs; i++) {
        const v = x[r * layer.inputs + i];
        if (v === 0) continue;
        const k = i * layer.units;
        for (let u = 0; u < layer.units; u++) out[o + u] += v * layer.kernel[k + u];
      }
      activateRow(out, o, layer.units, layer.activation);
    }
    x = out;
  }
  return Float32Array.from(x);
}

function activateRow(v: Float64Array, offset: number, n: number, activation: DenseActivation): void {
  if (activation === 'linear') return;
  if (activation === 'relu') for (let i = offset; i < offset + n; i++) v[i] = Math.max(0, v[i]);
  else if (activation === 'tanh') for (let i = offset; i < offset + n; i++) v[i] = Math.tanh(v[i]);
  else softmaxInPlace(v, offset, n);
}

/** Softmax of v[offset..offset+n), shifted by the max so exp never overflows. */
export function softmaxInPlace(v: Float64Array, offset: number, n: number): void {
  let max = -Infinity;
  for (let i = offset; i < offset + n; i++) max = Math.max(max, v[i]);
  let sum = 0;
  for (let i = offset; i < offset + n; i++) sum += v[i] = Math.exp(v[i] - max);
  for (let i = offset; i < offset + n; i++) v[i] /= sum;
}
