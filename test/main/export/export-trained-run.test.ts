/**
 * The acceptance test with the real trainer: train iris with trainRun,
 * export, load the export with the official tf.loadLayersModel over HTTP, and
 * compare with Modelbench's own model (loadModelFiles on the run's artifacts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { RunConfig, type DatasetMeta, type RunRecord } from '../../../main/api/schemas.ts';
import { applyRecipe } from '../../../main/data/preprocess.ts';
import { loadSample } from '../../../main/data/samples.ts';
import { exportRun } from '../../../main/export/export-run.ts';
import { loadModelFiles } from '../../../main/model/io.ts';
import { trainRun } from '../../../main/train/trainer.ts';
import { applyFeatureRecipe } from './iris-model.ts';
import { serveFolder } from './serve-folder.ts';

test('a run trained by the trainer exports to a model tf.loadLayersModel reproduces exactly', async (t) => {
  await tf.setBackend('cpu');
  const tmp = mkdtempSync(join(tmpdir(), 'mb-export-'));
  t.after(() => rmSync(tmp, { recursive: true, force: true }));
  const data = loadSample('iris');
  const meta: DatasetMeta = {
    id: 'ds_iris', name: 'iris', source: data.source, task: data.task, inputShape: data.inputShape, numSamples: data.y.length,
    classes: data.classes, featureNames: data.featureNames, labelName: data.labelName, classCounts: data.classCounts, createdAt: new Date().toISOString(),
  };
  const config = RunConfig.parse({
    datasetId: meta.id, seed: 11, name: 'iris export',
    spec: { name: 'mlp', layers: [{ kind: 'dense', units: 16 }, { kind: 'dense', units: 8 }] },
    hyperparams: { epochs: 25, batchSize: 16, optimizer: { kind: 'adam', learningRate: 0.02 } },
  });
  const artifactDir = join(tmp, 'runs', 'run_iris');
  const result = await trainRun({ runId: 'run_iris', config, meta, data: { x: data.x, y: data.y }, artifactDir }, { onEvent: () => {} });
  assert.equal(result.status, 'completed', result.error ?? '');
  const run: RunRecord = {
    id: 'run_iris', name: 'iris export', datasetId: meta.id, datasetName: meta.name, status: result.status, config, backend: result.backend,
    versions: { tfjs: tf.version.tfjs }, seed: config.seed, paramCount: result.paramCount, flops: result.flops, createdAt: new Date().toISOString(),
    startedAt: null, finishedAt: null, durationMs: null, epochsDone: result.epochsDone, error: null, metrics: result.metrics, notes: '', tags: [],
  };

  const outDir = join(tmp, 'export');
  await exportRun({ run, artifactDir, meta }, outDir);
  const pre = JSON.parse(readFileSync(join(outDir, 'preprocessing.json'), 'utf8'));
  assert.deepEqual(pre.recipe, result.recipe);
  assert.deepEqual(pre.featureNames, data.featureNames);

  const { server, url } = await serveFolder(outDir);
  t.after(() => server.close());
  const official = await tf.loadLayersModel(`${url}/model.json`);
  const ours = await loadModelFiles(artifactDir);

  // Modelbench preprocesses with its recipe; a user with preprocessing.json gets the same inputs (to float rounding).
  const input = applyRecipe(result.recipe!, data.x, meta.inputShape);
  const userInput = applyFeatureRecipe(pre.recipe, data.x);
  for (let i = 0; i < input.length; i++) assert.ok(Math.abs(input[i] - userInput[i]) < 1e-5, `input ${i}`);

  const x = tf.tensor2d(input, [data.y.length, 4]);
  const a = (ours.predict(x) as tf.Tensor).dataSync();
  const b = (official.predict(x) as tf.Tensor).dataSync();
  assert.deepEqual(b, a, 'identical float32 predictions');
  const accuracy = Array.from({ length: data.y.length }, (_, i) => {
    const row = Array.from(a.subarray(i * 3, i * 3 + 3));
    return row.indexOf(Math.max(...row)) === data.y[i];
  }).filter(Boolean).length / data.y.length;
  assert.ok(accuracy > 0.85, `accuracy ${accuracy}`);
});
