/**
 * Whole models beyond the builder's spec cases: every preset, a structurally
 * pruned model, a merged ensemble (one tfjs graph: per-member preprocessing
 * batch norms, concatenate, a dense combiner) and a Sequential model, each run
 * in onnxruntime-web against tfjs; and the refusals, which name the layer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { ApiError } from '../../../../main/api/errors.ts';
import { ModelSpec } from '../../../../main/api/schemas.ts';
import { structuredPrune } from '../../../../main/compression/structured/index.ts';
import { averageCombiner, mergeMembers } from '../../../../main/ensemble/merge.ts';
import { layersModelToOnnx } from '../../../../main/export/onnx/convert.ts';
import { buildModel } from '../../../../main/model/builder.ts';
import { MODEL_PRESETS } from '../../../../main/model/presets.ts';
import { maxDifference, randomInputs, randomiseWeights } from './ort.ts';

const TOLERANCE = 1e-4;

test('every model preset exports to ONNX and matches tfjs', async (t) => {
  await tf.setBackend('cpu');
  for (const preset of MODEL_PRESETS) {
    await t.test(preset.id, async () => {
      // Text presets read token ids (any float: the embedding truncates, and sends ids outside its table to [UNK]); series windows [steps, values].
      const inputShape = preset.inputKind === 'image' ? [28, 28, 1] : preset.inputKind === 'series' ? [16, 2] : [30];
      // A linear head: raw outputs are compared, not probabilities that may saturate.
      const model = buildModel(ModelSpec.parse(preset.spec), { inputShape, outputUnits: 3, task: 'regression' }, 5);
      try {
        randomiseWeights(model, 9);
        const inputs = randomInputs(3, inputShape, 4).map((v) => (preset.inputKind === 'text' ? Math.round(v * 3000) : v));
        const diff = await maxDifference(model, layersModelToOnnx(model), inputs, 3);
        t.diagnostic(`${preset.id}: max |tfjs - onnx| = ${diff.toExponential(2)}`);
        assert.ok(diff <= TOLERANCE, `${preset.id}: ${diff}`);
      } finally {
        model.dispose();
      }
    });
  }
});

test('a structurally pruned model exports from its own (smaller) layers', async (t) => {
  await tf.setBackend('cpu');
  const spec = ModelSpec.parse({
    layers: [
      { kind: 'conv2d', filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' },
      { kind: 'batchNorm' },
      { kind: 'maxPool2d', poolSize: 2 },
      { kind: 'flatten' },
      { kind: 'dense', units: 12, activation: 'relu' },
    ],
  });
  const io = { inputShape: [8, 8, 1], outputUnits: 3, task: 'classification' as const };
  const model = buildModel(spec, io, 2);
  randomiseWeights(model, 2);
  const pruned = structuredPrune(model, spec, io, { ratio: 0.5, criterion: 'l1' });
  try {
    assert.ok(pruned.removed.length > 0);
    assert.ok(pruned.model.countParams() < model.countParams());
    const diff = await maxDifference(pruned.model, layersModelToOnnx(pruned.model), randomInputs(4, io.inputShape, 8), 4);
    t.diagnostic(`pruned: ${model.countParams()} → ${pruned.model.countParams()} params, max |tfjs - onnx| = ${diff.toExponential(2)}`);
    assert.ok(diff <= TOLERANCE, String(diff));
  } finally {
    model.dispose();
    pruned.model.dispose();
  }
});

test('a merged ensemble (preprocessing batch norms, concatenate, combiner) exports as one graph', async (t) => {
  await tf.setBackend('cpu');
  const io = { inputShape: [4], outputUnits: 3, task: 'classification' as const };
  const a = buildModel(ModelSpec.parse({ layers: [{ kind: 'dense', units: 6, activation: 'relu' }] }), io, 1);
  const b = buildModel(ModelSpec.parse({ layers: [{ kind: 'dense', units: 5, activation: 'tanh' }, { kind: 'dropout', rate: 0.3 }] }), io, 2);
  randomiseWeights(a, 1);
  randomiseWeights(b, 2);
  const recipe = { method: 'standardize' as const, axis: 'feature' as const, center: [5.8, 3, 3.7, 1.2], scale: [0.8, 0.4, 1.7, 0.7] };
  const merged = mergeMembers(
    [
      { model: a, recipe, featureMask: null, inputShape: [4], outputs: 3 },
      { model: b, recipe: null, featureMask: Uint8Array.from([1, 0, 1, 1]), inputShape: [4], outputs: 3 },
    ],
    averageCombiner([2, 1], 2),
    'classification',
  );
  try {
    const raw = Float32Array.from(randomInputs(6, [4], 3), (v, i) => v + [5.8, 3, 3.7, 1.2][i % 4]);
    const diff = await maxDifference(merged, layersModelToOnnx(merged), raw, 6);
    t.diagnostic(`merged ensemble: max |tfjs - onnx| = ${diff.toExponential(2)}`);
    assert.ok(diff <= TOLERANCE, String(diff));
  } finally {
    tf.dispose([a, b, merged].map((m) => m.weights.map((w) => w.read())).flat());
  }
});

test('Sequential models and Average layers export too', async () => {
  await tf.setBackend('cpu');
  const seq = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 4, activation: 'sigmoid' }), tf.layers.dense({ units: 2, activation: 'softmax' })] });
  randomiseWeights(seq, 4);
  assert.ok((await maxDifference(seq, layersModelToOnnx(seq), randomInputs(3, [3], 1), 3)) <= TOLERANCE);

  const input = tf.input({ shape: [3], name: 'input' });
  const left = tf.layers.dense({ units: 2, name: 'left' }).apply(input) as tf.SymbolicTensor;
  const right = tf.layers.dense({ units: 2, name: 'right' }).apply(input) as tf.SymbolicTensor;
  const avg = tf.model({ inputs: input, outputs: tf.layers.average({ name: 'avg' }).apply([left, right]) as tf.SymbolicTensor });
  randomiseWeights(avg, 5);
  assert.ok((await maxDifference(avg, layersModelToOnnx(avg), randomInputs(3, [3], 2), 3)) <= TOLERANCE);
});

test('a layer without an ONNX form is refused, naming the layer and why', () => {
  const input = tf.input({ shape: [6, 6, 2], name: 'input' });
  const depthwise = tf.layers.depthwiseConv2d({ kernelSize: 3, name: 'dw' }).apply(input) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: tf.layers.flatten({ name: 'flat' }).apply(depthwise) as tf.SymbolicTensor });
  assert.throws(() => layersModelToOnnx(model), (e: unknown) => e instanceof ApiError && e.code === 'cannot_build' && /'dw' \(DepthwiseConv2D\) is not a layer kind/.test(e.message));

  const x = tf.input({ shape: [2], name: 'x' });
  const swish = tf.model({ inputs: x, outputs: tf.layers.dense({ units: 2, activation: 'swish', name: 'd' }).apply(x) as tf.SymbolicTensor });
  assert.throws(() => layersModelToOnnx(swish), /layer 'd' \(Dense\) uses the activation 'swish'/);
});
