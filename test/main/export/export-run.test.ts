import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ApiError } from '../../../main/api/errors.ts';
import { exportRun } from '../../../main/export/export-run.ts';
import { serveFolder } from './serve-folder.ts';
import { applyFeatureRecipe, irisMeta, irisRun, loadIris, saveArtifacts, standardize, trainIris } from './iris-model.ts';

test('an exported iris model loads with tf.loadLayersModel over HTTP and predicts exactly like Modelbench', async (t) => {
  await tf.setBackend('cpu');
  const tmp = mkdtempSync(join(tmpdir(), 'mb-export-'));
  t.after(() => rmSync(tmp, { recursive: true, force: true }));
  const iris = loadIris();
  const recipe = standardize(iris.x, 4);
  const model = await trainIris(iris, recipe);
  const artifactDir = join(tmp, 'runs', 'run_test1');
  await saveArtifacts(model, artifactDir, recipe);

  const outDir = join(tmp, 'out', 'iris-export');
  const result = await exportRun({ run: irisRun(), artifactDir, meta: irisMeta(iris) }, outDir);
  assert.equal(result.outDir, outDir);
  for (const f of ['model.json', 'weights.bin', 'preprocessing.json', 'model-card.md']) {
    assert.ok(result.files.includes(join(outDir, f)), `${f} exported`);
  }

  const pre = JSON.parse(readFileSync(join(outDir, 'preprocessing.json'), 'utf8'));
  assert.deepEqual(pre.classes, ['setosa', 'versicolor', 'virginica']);
  assert.deepEqual(pre.inputShape, [4]);
  assert.equal(pre.labelName, 'species');
  assert.deepEqual(pre.recipe, recipe);

  const { server, url } = await serveFolder(outDir);
  t.after(() => server.close());
  const loaded = await tf.loadLayersModel(`${url}/model.json`);

  // Modelbench's side: its own recipe; the user's side: only what preprocessing.json says.
  const ours = model.predict(tf.tensor2d(applyFeatureRecipe(recipe, iris.x), [150, 4])) as tf.Tensor;
  const theirs = loaded.predict(tf.tensor2d(applyFeatureRecipe(pre.recipe, iris.x), [150, 4])) as tf.Tensor;
  const a = ours.dataSync() as Float32Array;
  const b = theirs.dataSync() as Float32Array;
  assert.equal(a.length, 450);
  assert.deepEqual(b, a, 'identical float32 predictions');
  // The model really learned something, so the comparison is not between two constant outputs.
  const predicted = (ours.argMax(-1).dataSync() as Int32Array);
  const correct = predicted.filter((p, i) => p === iris.y[i]).length;
  assert.ok(correct / 150 > 0.9, `accuracy ${correct / 150}`);
  tf.dispose([ours, theirs]);
});

test('export refuses a non-empty folder that is not a Modelbench export, and replaces a previous export', async (t) => {
  await tf.setBackend('cpu');
  const tmp = mkdtempSync(join(tmpdir(), 'mb-export-'));
  t.after(() => rmSync(tmp, { recursive: true, force: true }));
  const iris = loadIris();
  const recipe = standardize(iris.x, 4);
  const artifactDir = join(tmp, 'art');
  await saveArtifacts(await trainIris(iris, recipe, 1), artifactDir, recipe);
  const source = { run: irisRun(), artifactDir, meta: irisMeta(iris) };

  const foreign = join(tmp, 'foreign');
  mkdirSync(foreign);
  writeFileSync(join(foreign, 'notes.txt'), 'mine');
  await assert.rejects(exportRun(source, foreign), (e: unknown) => e instanceof ApiError && e.code === 'conflict' && /not empty/.test(e.message));
  assert.equal(readFileSync(join(foreign, 'notes.txt'), 'utf8'), 'mine');

  const out = join(tmp, 'again');
  await exportRun(source, out);
  await exportRun(source, out); // a previous export may be replaced
  assert.ok(existsSync(join(out, 'model.json')));

  const file = join(tmp, 'file');
  writeFileSync(file, 'x');
  await assert.rejects(exportRun(source, file), /is a file/);
});

test('export of a run without a saved model says so', async (t) => {
  const tmp = mkdtempSync(join(tmpdir(), 'mb-export-'));
  t.after(() => rmSync(tmp, { recursive: true, force: true }));
  const run = { ...irisRun(), status: 'failed' as const };
  await assert.rejects(
    exportRun({ run, artifactDir: join(tmp, 'empty'), meta: irisMeta(loadIris()) }, join(tmp, 'out')),
    (e: unknown) => e instanceof ApiError && e.code === 'not_found' && /no saved model/.test(e.message),
  );
  assert.ok(!existsSync(join(tmp, 'out')), 'nothing created');
});
