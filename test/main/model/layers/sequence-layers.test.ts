/**
 * The sequence layers: gradients against central differences on 'cpu', the
 * same model's loss and gradients on 'wasm' against 'cpu', padding that never
 * changes the output, and models that save and load.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../../main/backend/select.ts';
import type { Layer } from '../../../../main/api/schemas.ts';
import { ModelSpec } from '../../../../main/api/schemas.ts';
import { buildModel } from '../../../../main/model/builder.ts';
import { analyseSpec } from '../../../../main/model/counts.ts';
import { loadModelFiles, saveModelFiles } from '../../../../main/model/io.ts';
import { GlobalPool1D } from '../../../../main/model/layers/global-pool1d.ts';
import { LayerNorm } from '../../../../main/model/layers/layer-norm.ts';
import { PositionalEncoding } from '../../../../main/model/layers/positional.ts';
import { Recurrent } from '../../../../main/model/layers/recurrent.ts';
import { TokenEmbedding } from '../../../../main/model/layers/token-embedding.ts';

before(async () => {
  await initBackend(['wasm']);
  tf.setBackend('cpu');
});

function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) out[i] = ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  return out;
}

const EPS = 1e-2;
const close = (numeric: number, analytic: number): boolean => Math.abs(numeric - analytic) <= 2e-3 + 0.02 * Math.abs(analytic);

/** Central differences of sum(layer(inputs) * probe) for every weight of the layer and (optionally) the first input. */
function checkGradients(layer: tf.layers.Layer, inputs: tf.Tensor[], opts: { input?: boolean } = {}): void {
  tf.dispose(layer.apply(inputs.length === 1 ? inputs[0] : inputs) as tf.Tensor);
  tf.tidy(() => layer.setWeights(layer.getWeights().map((w, i) => tf.tensor(values(w.size, 100 + i), w.shape))));
  const outShape = (layer.apply(inputs.length === 1 ? inputs[0] : inputs) as tf.Tensor).shape;
  const probe = tf.tensor(values(outShape.reduce((a, b) => a * b, 1), 77), outShape);
  const loss = (first: tf.Tensor) => tf.sum(tf.mul(layer.apply(inputs.length === 1 ? first : [first, ...inputs.slice(1)]) as tf.Tensor, probe)) as tf.Scalar;
  const { grads } = layer.trainableWeights.length > 0 ? tf.variableGrads(() => loss(inputs[0]), layer.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val)) : { grads: {} as Record<string, tf.Tensor> };
  for (const w of layer.trainableWeights) {
    const variable = (w as unknown as { val: tf.Variable }).val;
    const analytic = grads[variable.name].dataSync();
    assert.ok(analytic.some((v) => Math.abs(v) > 1e-3), `${w.name}: gradient is not trivially zero`);
    const base = variable.dataSync().slice();
    const step = Math.max(1, Math.floor(base.length / 40)); // a spread of entries keeps the test fast
    for (let i = 0; i < base.length; i += step) {
      const at = (delta: number) =>
        tf.tidy(() => {
          const moved = base.slice();
          moved[i] += delta;
          variable.assign(tf.tensor(moved, variable.shape));
          return loss(inputs[0]).dataSync()[0];
        });
      const numeric = (at(EPS) - at(-EPS)) / (2 * EPS);
      variable.assign(tf.tensor(base, variable.shape));
      assert.ok(close(numeric, analytic[i]), `${w.name}[${i}]: numeric ${numeric} vs analytic ${analytic[i]}`);
    }
  }
  if (opts.input) {
    const analytic = tf.grad((x: tf.Tensor) => loss(x))(inputs[0]).dataSync();
    const base = inputs[0].dataSync().slice();
    for (let i = 0; i < base.length; i++) {
      const at = (delta: number) => tf.tidy(() => {
        const moved = base.slice();
        moved[i] += delta;
        return loss(tf.tensor(moved, inputs[0].shape)).dataSync()[0];
      });
      const numeric = (at(EPS) - at(-EPS)) / (2 * EPS);
      assert.ok(close(numeric, analytic[i]), `input[${i}]: numeric ${numeric} vs analytic ${analytic[i]}`);
    }
  }
  tf.dispose(Object.values(grads));
  probe.dispose();
}

const mask = () => tf.tensor2d([[1, 1, 1, 0], [1, 1, 0, 0]]);

test('embedding: the table gradient (scatter-add) matches central differences; padding rows get none', () => {
  const layer = new TokenEmbedding({ vocabSize: 6, dim: 3, seed: 1 });
  const ids = tf.tensor2d([[2, 3, 3, 0], [9, -2, 0, 0]]); // 9 is past the vocabulary and -2 below it: both [UNK]
  checkGradients(layer, [ids]);
  const grads = tf.variableGrads(() => tf.sum(layer.apply(ids) as tf.Tensor), [(layer.trainableWeights[0] as unknown as { val: tf.Variable }).val]).grads;
  const g = Object.values(grads)[0].arraySync() as number[][];
  assert.deepEqual(g[0], [0, 0, 0], 'the padding row is never trained');
  assert.deepEqual(g[3], [2, 2, 2], 'id 3 appears twice');
  assert.deepEqual(g[1], [2, 2, 2], 'ids 9 and -2 read the [UNK] row');
  tf.dispose(Object.values(grads));
});

test('learned positions, layer norm, masked pooling and masked recurrent layers: gradients match central differences', () => {
  const x = tf.tensor(values(2 * 4 * 3, 5), [2, 4, 3]);
  checkGradients(new PositionalEncoding({ mode: 'learned', seed: 2 }), [x], { input: true });
  checkGradients(new LayerNorm({ epsilon: 1e-5 }), [x], { input: true });
  checkGradients(new GlobalPool1D({ pool: 'avg' }), [x, mask()], { input: true });
  for (const cell of ['lstm', 'gru'] as const) {
    checkGradients(new Recurrent({ cell, units: 2, bidirectional: true, returnSequences: true, seed: 3 }), [x, mask()], { input: true });
    checkGradients(new Recurrent({ cell, units: 3, seed: 4 }), [x]);
  }
});

const TEXT_SPEC: Layer[] = ModelSpec.parse({
  layers: [
    { kind: 'embedding', vocabSize: 30, dim: 8 },
    { kind: 'positional', mode: 'learned' },
    { kind: 'transformer', heads: 2, ffUnits: 16, dropout: 0 },
    { kind: 'conv1d', filters: 8, kernelSize: 3 },
    { kind: 'lstm', units: 6, bidirectional: true, returnSequences: true },
    { kind: 'gru', units: 5, returnSequences: true },
    { kind: 'layerNorm' },
    { kind: 'globalPool1d', pool: 'max' },
  ],
}).layers;

function ids(rows: number[][], length: number): tf.Tensor2D {
  return tf.tensor2d(rows.map((r) => [...r, ...new Array(length - r.length).fill(0)]));
}

test('wasm and cpu agree on a text model: loss and every weight gradient', async () => {
  const batch = [[3, 4, 5, 6, 7], [8, 9, 10], [11, 12, 13, 14, 15, 16, 17, 18]];
  const y = tf.oneHot(tf.tensor1d([0, 1, 2], 'int32'), 3);
  const run = (backend: string) => {
    tf.setBackend(backend);
    const model = buildModel({ layers: TEXT_SPEC }, { inputShape: [10], outputUnits: 3, task: 'classification' }, 7);
    const x = ids(batch, 10);
    const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(tf.tensor(y.arraySync() as number[][]), model.apply(x) as tf.Tensor) as tf.Scalar);
    const out = { loss: value.dataSync()[0], grads: Object.fromEntries(Object.entries(grads).map(([k, g]) => [k.replace(/_\d+$/, ''), g.dataSync().slice()])) };
    tf.dispose([value, x, ...Object.values(grads)]);
    model.dispose();
    return out;
  };
  const cpu = run('cpu');
  const wasm = run('wasm');
  tf.setBackend('cpu');
  assert.ok(Math.abs(cpu.loss - wasm.loss) < 1e-4, `loss ${cpu.loss} vs ${wasm.loss}`);
  assert.ok(Object.keys(cpu.grads).length >= 20);
  for (const [name, g] of Object.entries(cpu.grads)) {
    const w = Object.entries(wasm.grads).find(([k]) => k === name)?.[1];
    assert.ok(w, `wasm has a gradient for ${name}`);
    let worst = 0;
    for (let i = 0; i < g.length; i++) worst = Math.max(worst, Math.abs(g[i] - w[i]) / Math.max(1e-2, Math.abs(g[i])));
    assert.ok(worst < 1e-3, `${name}: relative difference ${worst}`);
  }
});

test('padding never changes the output: the same text in a longer padded input predicts the same', () => {
  const spec: Layer[] = TEXT_SPEC.map((l) => (l.kind === 'positional' ? { kind: 'positional', mode: 'sinusoidal' } : l));
  const short = buildModel({ layers: spec }, { inputShape: [10], outputUnits: 3, task: 'classification' }, 7);
  const long = buildModel({ layers: spec }, { inputShape: [24], outputUnits: 3, task: 'classification' }, 7);
  long.setWeights(short.getWeights());
  const batch = [[3, 4, 5, 6, 7], [8, 9, 10], [11, 12, 13, 14, 15, 16, 17, 18, 19, 20]];
  const a = (short.predict(ids(batch, 10)) as tf.Tensor).dataSync();
  const b = (long.predict(ids(batch, 24)) as tf.Tensor).dataSync();
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) < 1e-5, `output ${i}: ${a[i]} vs ${b[i]}`);
  // And the mask matters: without it, the padded positions would change the pooled maximum.
  const noMask = buildModel({ layers: spec.filter((l) => l.kind !== 'globalPool1d').concat([{ kind: 'flatten' }]) }, { inputShape: [10], outputUnits: 3, task: 'classification' }, 7);
  assert.ok(noMask.countParams() > 0);
  short.dispose();
  long.dispose();
  noMask.dispose();
});

test('spec counts match the built model; every sequence layer saves and loads', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mb-seq-layers-'));
  try {
    const io = { inputShape: [12], outputUnits: 2, task: 'classification' as const };
    const count = analyseSpec({ layers: TEXT_SPEC }, io.inputShape, io.outputUnits);
    assert.ok(count.ok);
    const model = buildModel({ layers: TEXT_SPEC }, io, 3);
    assert.equal(count.paramCount, model.countParams());
    await saveModelFiles(model, dir);
    const again = await loadModelFiles(dir);
    const x = ids([[3, 4, 5], [6, 7, 8, 9, 10, 11, 12]], 12);
    const a = (model.predict(x) as tf.Tensor).dataSync();
    const b = (again.predict(x) as tf.Tensor).dataSync();
    assert.deepEqual(Array.from(b), Array.from(a));
    model.dispose();
    again.dispose();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('series models: conv1d, pooling and recurrent layers on [steps, features]', () => {
  const spec = ModelSpec.parse({ layers: [{ kind: 'conv1d', filters: 4, kernelSize: 3, padding: 'valid' }, { kind: 'maxPool1d', poolSize: 2 }, { kind: 'gru', units: 8 }] });
  const count = analyseSpec(spec, [16, 2], 7);
  assert.ok(count.ok);
  const model = buildModel(spec, { inputShape: [16, 2], outputUnits: 7, task: 'regression' }, 1);
  assert.equal(model.countParams(), count.paramCount);
  assert.deepEqual(model.outputs[0].shape, [null, 7]);
  model.dispose();
  const bad = analyseSpec(ModelSpec.parse({ layers: [{ kind: 'lstm', units: 4 }] }), [10], 2);
  assert.ok(!bad.ok && /put an embedding first/.test(bad.error));
});
