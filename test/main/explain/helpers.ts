/**
 * Fixtures for the attribution tests: plain-function models with known
 * attributions, seeded random rows, and real tfjs models trained on real data
 * (breast cancer: assets/samples/breast_cancer.csv, identical to
 * ../shared/datasets/breast_cancer.csv) through the project's own builder and
 * training step.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelSpec, Task } from '../../../main/api/schemas.ts';
import { applyRecipe, fitRecipe } from '../../../main/data/preprocess.ts';
import { loadSample } from '../../../main/data/samples.ts';
import { summariseBackground, type Background } from '../../../main/explain/kmeans.ts';
import { tfModelFunction } from '../../../main/explain/tf-model.ts';
import type { DifferentiableModel, LocalExplanation, ModelFn, Rows } from '../../../main/explain/types.ts';
import { buildModel } from '../../../main/model/builder.ts';
import { createTrainStep } from '../../../main/train/step.ts';
import { createRng } from '../../../main/util/rng.ts';

/** A model from a per-row function of the row's values (one output). */
export function fnModel(features: number, f: (row: Float32Array) => number, inputShape = [features]): ModelFn {
  return {
    features,
    outputs: 1,
    inputShape,
    predict(x, n) {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = f(x.subarray(i * features, (i + 1) * features));
      return out;
    },
  };
}

/** A plain-function model with its analytic input gradient (one output). */
export function diffModel(features: number, f: (row: Float32Array) => number, grad: (row: Float32Array) => number[], inputShape = [features]): DifferentiableModel {
  return {
    ...fnModel(features, f, inputShape),
    gradient(x, n) {
      const out = new Float32Array(n * features);
      for (let i = 0; i < n; i++) out.set(grad(x.subarray(i * features, (i + 1) * features)), i * features);
      return out;
    },
  };
}

/** f(x) = w·x + c. */
export const linearModel = (w: number[], c = 0): ModelFn => fnModel(w.length, (r) => w.reduce((s, wj, j) => s + wj * r[j], c));

export function randomRows(n: number, features: number, seed: number, scale = 1): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n * features }, () => scale * rng.normal());
}

/** Σ|a − b| / Σ|b| over all rows' attributions. */
export function relativeError(approx: LocalExplanation, exact: LocalExplanation): number {
  let err = 0;
  let total = 0;
  approx.rows.forEach((r, i) =>
    r.attributions.forEach((a, j) => {
      err += Math.abs(a - exact.rows[i].attributions[j]);
      total += Math.abs(exact.rows[i].attributions[j]);
    }),
  );
  return err / total;
}

/** Indices of the k largest values. */
export const topK = (values: number[], k: number): number[] =>
  values
    .map((v, j) => [v, j] as const)
    .sort((a, b) => b[0] - a[0])
    .slice(0, k)
    .map(([, j]) => j)
    .sort((a, b) => a - b);

/** Mean |attribution| per player over the rows: the global view of a local method. */
export const meanAbs = (e: LocalExplanation): number[] =>
  e.players.map((_, j) => e.rows.reduce((s, r) => s + Math.abs(r.attributions[j]), 0) / e.rows.length);

/** Trains a model built from `spec` with Adam on (x, y) for `epochs` full passes in batches of 32. */
export function trainModel(spec: ModelSpec, x: Float32Array, y: Float32Array, inputShape: number[], outputUnits: number, task: Task, epochs: number, seed = 1): tf.LayersModel {
  const model = buildModel(spec, { inputShape, outputUnits, task }, seed);
  const optimizer = tf.train.adam(0.01);
  const step = createTrainStep(model, optimizer, task === 'classification' ? 'categorical' : 'mse');
  const size = x.length / y.length;
  const rng = createRng(seed);
  const order = Int32Array.from({ length: y.length }, (_, i) => i);
  for (let e = 0; e < epochs; e++) {
    rng.shuffle(order);
    for (let start = 0; start < y.length; start += 32) {
      const rows = order.subarray(start, Math.min(start + 32, y.length));
      const bx = new Float32Array(rows.length * size);
      rows.forEach((r, i) => bx.set(x.subarray(r * size, (r + 1) * size), i * size));
      const by = Float32Array.from(rows, (r) => y[r]);
      tf.tidy(() => {
        step(tf.tensor(bx, [rows.length, ...inputShape]), task === 'classification' ? tf.tensor1d(by) : tf.tensor2d(by, [rows.length, 1]));
      });
    }
  }
  optimizer.dispose();
  return model;
}

/** The first `columns` breast-cancer features, standardised on all rows (fine for explaining, not for model selection). */
export function breastCancer(columns = 10): { x: Float32Array; y: Float32Array; n: number; names: string[] } {
  const d = loadSample('breast_cancer');
  const F = d.featureNames.length;
  const n = d.y.length;
  const raw = new Float32Array(n * columns);
  for (let i = 0; i < n; i++) for (let j = 0; j < columns; j++) raw[i * columns + j] = d.x[i * F + j];
  const recipe = fitRecipe('standardize', raw, [columns], Int32Array.from({ length: n }, (_, i) => i));
  return { x: applyRecipe(recipe, raw, [columns]), y: d.y, n, names: d.featureNames.slice(0, columns) };
}

export const MLP_16: ModelSpec = { layers: [{ kind: 'dense', units: 16, activation: 'relu', useBias: true }, { kind: 'dense', units: 16, activation: 'relu', useBias: true }] };

/**
 * Runs `use` with an MLP_16 trained on the first `columns` breast-cancer
 * features, its first rows and a k-means background; disposes the model after.
 */
export async function withBreastCancerMlp(
  columns: number,
  epochs: number,
  use: (m: { fn: DifferentiableModel; data: ReturnType<typeof breastCancer>; rows: (n: number) => Rows; background: (k: number) => Background }) => Promise<void>,
): Promise<void> {
  const data = breastCancer(columns);
  const model = trainModel(MLP_16, data.x, data.y, [columns], 2, 'classification', epochs);
  try {
    await use({
      fn: tfModelFunction(model),
      data,
      rows: (n) => ({ x: data.x.subarray(0, n * columns), n }),
      background: (k) => summariseBackground({ x: data.x, n: data.n }, columns, k, 1),
    });
  } finally {
    model.dispose();
  }
}
