import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../../../main/model/builder.ts';
import { loadModelFiles, saveModelFiles } from '../../../main/model/io.ts';
import { SPEC_CASES } from './specs.fixture.ts';

const root = mkdtempSync(join(tmpdir(), 'modelbench-model-io-'));
before(async () => {
  await tf.setBackend('cpu');
});
after(() => rmSync(root, { recursive: true, force: true }));

const CASES = ['cnn with prelu', 'residual conv', 'attention on tokens'].map((prefix) => SPEC_CASES.find((c) => c.name.startsWith(prefix))!);

function input(shape: number[]): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Array.from({ length: 3 * n }, (_, i) => Math.sin(i * 0.7)), [3, ...shape]);
}

function predict(model: tf.LayersModel, x: tf.Tensor): Float32Array {
  return tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync() as Float32Array);
}

for (const c of CASES) {
  test(`save -> load gives identical predictions: ${c.name}`, async () => {
    const dir = join(root, c.name.replace(/\W+/g, '-'));
    const model = buildModel(c.spec, c, 3);
    const files = await saveModelFiles(model, dir);
    assert.deepEqual(files, [join(dir, 'model.json'), join(dir, 'weights.bin')]);
    assert.deepEqual(readdirSync(dir).sort(), ['model.json', 'weights.bin'], 'no temp files left behind');
    const loaded = await loadModelFiles(dir);
    const x = input(c.inputShape);
    assert.deepEqual(predict(loaded, x), predict(model, x));
    assert.equal(loaded.countParams(), model.countParams());
    tf.dispose(x);
    model.dispose();
    loaded.dispose();
  });
}

test('model.json has the browser-save structure and loads through the official URL loader', async () => {
  const c = CASES[2];
  const dir = join(root, 'url');
  const model = buildModel(c.spec, c, 5);
  await saveModelFiles(model, dir);
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  assert.deepEqual(Object.keys(json).sort(), ['convertedBy', 'format', 'generatedBy', 'modelTopology', 'weightsManifest']);
  assert.equal(json.format, 'layers-model');
  assert.match(json.generatedBy, /^TensorFlow\.js tfjs-layers v/);
  assert.equal(json.convertedBy, null);
  assert.equal(json.modelTopology.class_name, 'Model');
  assert.equal(json.weightsManifest.length, 1);
  assert.deepEqual(json.weightsManifest[0].paths, ['weights.bin']);
  const bytes = json.weightsManifest[0].weights.reduce((n: number, w: { shape: number[] }) => n + 4 * w.shape.reduce((a, b) => a * b, 1), 0);
  assert.equal(readFileSync(join(dir, 'weights.bin')).byteLength, bytes);

  // tf.loadLayersModel('http://…/model.json') fetches model.json, then the manifest's
  // paths relative to it: serve the folder through a fetch stand-in.
  const requested: string[] = [];
  const fetchFunc = (async (input: string | URL | Request) => {
    const url = String(input);
    requested.push(url);
    const file = url.replace('http://models.local/m/', '');
    const body = readFileSync(join(dir, file));
    return new Response(body, { status: 200, headers: { 'content-type': file.endsWith('.json') ? 'application/json' : 'application/octet-stream' } });
  }) as typeof fetch;
  const loaded = await tf.loadLayersModel(tf.io.http('http://models.local/m/model.json', { fetchFunc }));
  assert.deepEqual(requested, ['http://models.local/m/model.json', 'http://models.local/m/weights.bin']);
  const x = input(c.inputShape);
  assert.deepEqual(predict(loaded, x), predict(model, x));
  tf.dispose(x);
  model.dispose();
  loaded.dispose();
});
