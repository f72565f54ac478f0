/**
 * Test fixture: a small real model trained on iris with tfjs directly, saved the
 * way the trainer saves it (tfjs Layers format: model.json + weights.bin,
 * recipe.json). Uses main/model/io.ts when it exists so the test follows the
 * real format; falls back to an equivalent local writer until then.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { DatasetMeta, PreprocessRecipe, RunRecord } from '../../../main/api/schemas.ts';

const root = new URL('../../../', import.meta.url).pathname;

export type Iris = { x: Float32Array; y: Float32Array; classes: string[]; featureNames: string[] };

export function loadIris(): Iris {
  const [header, ...rows] = readFileSync(join(root, 'assets/samples/iris.csv'), 'utf8').trim().split(/\r?\n/);
  const featureNames = header.split(',').slice(0, -1);
  const classes: string[] = [];
  const x = new Float32Array(rows.length * featureNames.length);
  const y = new Float32Array(rows.length);
  rows.forEach((row, i) => {
    const cells = row.split(',');
    const label = cells.pop() as string;
    if (!classes.includes(label)) classes.push(label);
    y[i] = classes.indexOf(label);
    cells.forEach((c, j) => (x[i * featureNames.length + j] = Number(c)));
  });
  return { x, y, classes, featureNames };
}

export function standardize(x: Float32Array, features: number): PreprocessRecipe {
  const rows = x.length / features;
  const center = Array.from({ length: features }, (_, j) => {
    let s = 0;
    for (let i = 0; i < rows; i++) s += x[i * features + j];
    return s / rows;
  });
  const scale = center.map((m, j) => {
    let s = 0;
    for (let i = 0; i < rows; i++) s += (x[i * features + j] - m) ** 2;
    return Math.sqrt(s / rows) || 1;
  });
  return { method: 'standardize', axis: 'feature', center, scale };
}

/** x' = (x - center) / scale, exactly as preprocessing.json tells a user to do it. */
export function applyFeatureRecipe(recipe: { center: number[]; scale: number[] }, x: Float32Array): Float32Array {
  const f = recipe.center.length;
  return x.map((v, i) => (v - recipe.center[i % f]) / recipe.scale[i % f]);
}

export async function trainIris(iris: Iris, recipe: PreprocessRecipe, epochs = 30): Promise<tf.LayersModel> {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [4], units: 8, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
      tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.05), loss: 'categoricalCrossentropy' });
  const xs = tf.tensor2d(applyFeatureRecipe(recipe, iris.x), [iris.y.length, 4]);
  const ys = tf.oneHot(tf.tensor1d(iris.y, 'int32'), 3);
  await model.fit(xs, ys, { epochs, batchSize: 32, shuffle: false, verbose: 0 });
  tf.dispose([xs, ys]);
  return model;
}

export async function saveArtifacts(model: tf.LayersModel, dir: string, recipe: PreprocessRecipe): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const ioPath = join(root, 'main/model/io.ts');
  if (existsSync(ioPath)) {
    const io = (await import(ioPath)) as { saveModelFiles(m: tf.LayersModel, d: string): Promise<string[]> };
    await io.saveModelFiles(model, dir);
  } else {
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        const weights = tf.io.CompositeArrayBuffer.join(artifacts.weightData);
        writeFileSync(join(dir, 'weights.bin'), new Uint8Array(weights));
        const modelJson = {
          modelTopology: artifacts.modelTopology,
          format: 'layers-model',
          generatedBy: artifacts.generatedBy,
          convertedBy: null,
          weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
        };
        writeFileSync(join(dir, 'model.json'), JSON.stringify(modelJson));
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
  }
  writeFileSync(join(dir, 'recipe.json'), JSON.stringify(recipe));
}

export function irisMeta(iris: Iris): DatasetMeta {
  return {
    id: 'ds_iris', name: 'iris', source: 'sample', task: 'classification', inputShape: [4],
    numSamples: iris.y.length, classes: iris.classes, featureNames: iris.featureNames, labelName: 'species',
    classCounts: [50, 50, 50], createdAt: '2026-01-01T00:00:00.000Z',
  };
}

export function irisRun(): RunRecord {
  return {
    id: 'run_test1', name: 'iris | mlp', datasetId: 'ds_iris', datasetName: 'iris', status: 'completed',
    config: {
      datasetId: 'ds_iris', seed: 7, name: 'iris | mlp',
      spec: { name: 'mlp', layers: [{ kind: 'dense', units: 8, activation: 'relu', useBias: true }] },
      hyperparams: {
        optimizer: { kind: 'adam', learningRate: 0.05, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
        schedule: { kind: 'constant' }, batchSize: 32, epochs: 30, preprocess: 'standardize', targetScaling: 'standardize',
        split: { validation: 0.15, test: 0.15, stratify: true },
      },
    },
    backend: 'cpu', versions: { modelbench: '0.1.0', '@tensorflow/tfjs': '4.22.0' }, seed: 7,
    paramCount: 67, flops: 134, createdAt: '2026-01-01T00:00:00.000Z', startedAt: null, finishedAt: null,
    durationMs: 1234, epochsDone: 30, error: null,
    metrics: {
      train: { loss: 0.1, accuracy: 0.97 }, val: { loss: 0.12, accuracy: 0.95 }, test: { loss: 0.2, accuracy: 0.913 },
      confusion: [[8, 0, 0], [0, 7, 1], [0, 1, 6]], bestEpoch: 29,
    },
    notes: '', tags: [],
  };
}
