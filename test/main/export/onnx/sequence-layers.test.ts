/**
 * The sequence layers in ONNX: text models (token ids with padding, every layer
 * kind, masks) and series models exported, run in onnxruntime-web and compared
 * with tfjs on the same inputs (max |difference| ≤ 1e-4).
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { ModelSpec, type Layer } from '../../../../main/api/schemas.ts';
import { layersModelToOnnx } from '../../../../main/export/onnx/convert.ts';
import { buildModel } from '../../../../main/model/builder.ts';
import { MODEL_PRESETS } from '../../../../main/model/presets.ts';
import { createRng } from '../../../../main/util/rng.ts';
import { averageCombiner, mergeMembers } from '../../../../main/ensemble/merge.ts';
import { maxDifference, randomInputs, randomiseWeights } from './ort.ts';

before(async () => {
  await tf.setBackend('cpu');
});

const TOLERANCE = 1e-4;

/** n rows of `length` ids in [3, vocab + 5) (some past the vocabulary), each padded after a random length ≥ 1. */
function tokenIds(n: number, length: number, vocab: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const out = new Float32Array(n * length);
  for (let r = 0; r < n; r++) {
    const used = 1 + rng.int(length);
    for (let t = 0; t < used; t++) out[r * length + t] = 3 + rng.int(vocab + 2);
  }
  return out;
}

const spec = (layers: unknown[]): Layer[] => ModelSpec.parse({ layers }).layers;
const emb = { kind: 'embedding', vocabSize: 40, dim: 12 };

const TEXT_CASES: [string, Layer[]][] = [
  ['embedding, learned positions, post-norm transformer, masked mean', spec([emb, { kind: 'positional', mode: 'learned' }, { kind: 'transformer', heads: 3, ffUnits: 16, norm: 'post' }, { kind: 'globalPool1d', pool: 'avg' }])],
  ['cut to maxLength, sinusoids, pre-norm transformer, layerNorm, masked max', spec([{ ...emb, maxLength: 7 }, { kind: 'positional' }, { kind: 'transformer', heads: 2, ffUnits: 8, activation: 'tanh' }, { kind: 'layerNorm' }, { kind: 'globalPool1d', pool: 'max' }])],
  ['conv1d and pooling after padding, first token', spec([emb, { kind: 'conv1d', filters: 6, kernelSize: 4 }, { kind: 'attention', heads: 2, keyDim: 3 }, { kind: 'maxPool1d', poolSize: 2 }, { kind: 'avgPool1d', poolSize: 2 }, { kind: 'globalPool1d', pool: 'first' }])],
  ['bidirectional LSTM sequences into a GRU state (masked)', spec([emb, { kind: 'lstm', units: 5, bidirectional: true, returnSequences: true }, { kind: 'gru', units: 4, bidirectional: true }])],
  ['LSTM final state, GRU sequences, flatten', spec([emb, { kind: 'gru', units: 3, returnSequences: true }, { kind: 'lstm', units: 4, returnSequences: true }, { kind: 'flatten' }])],
];

for (const [name, layers] of TEXT_CASES) {
  test(`text: ${name}`, async () => {
    const model = buildModel({ layers }, { inputShape: [10], outputUnits: 3, task: 'classification' }, 5);
    try {
      randomiseWeights(model, 9);
      const n = 6;
      const diff = await maxDifference(model, layersModelToOnnx(model), tokenIds(n, 10, 40, 4), n);
      assert.ok(diff <= TOLERANCE, `max difference ${diff}`);
    } finally {
      model.dispose();
    }
  });
}

test('series: the series presets and a strided valid conv1d export and match', async () => {
  const cases: [string, Layer[]][] = [
    ...MODEL_PRESETS.filter((p) => p.inputKind === 'series').map((p) => [p.id, p.spec.layers] as [string, Layer[]]),
    ['strided valid conv1d + bilstm', spec([{ kind: 'conv1d', filters: 4, kernelSize: 3, strides: 2, padding: 'valid', activation: 'elu' }, { kind: 'lstm', units: 3, bidirectional: true }])],
  ];
  for (const [name, layers] of cases) {
    const model = buildModel({ layers }, { inputShape: [16, 2], outputUnits: 5, task: 'regression' }, 3);
    try {
      randomiseWeights(model, 2);
      const diff = await maxDifference(model, layersModelToOnnx(model), randomInputs(4, [16, 2], 8), 4);
      assert.ok(diff <= TOLERANCE, `${name}: max difference ${diff}`);
    } finally {
      model.dispose();
    }
  }
});

test('the text presets export and match', async () => {
  for (const p of MODEL_PRESETS.filter((x) => x.inputKind === 'text')) {
    const layers = p.spec.layers.map((l) => (l.kind === 'embedding' ? { ...l, vocabSize: 60 } : l));
    const model = buildModel({ layers }, { inputShape: [24], outputUnits: 2, task: 'classification' }, 1);
    try {
      randomiseWeights(model, 5);
      const diff = await maxDifference(model, layersModelToOnnx(model), tokenIds(3, 24, 60, 7), 3);
      assert.ok(diff <= TOLERANCE, `${p.id}: max difference ${diff}`);
    } finally {
      model.dispose();
    }
  }
});

test('a merged text ensemble whose member reads the shared ids through a TokenRemap exports and matches', async () => {
  const io = { inputShape: [10], outputUnits: 3, task: 'classification' as const };
  const models = [spec([emb, { kind: 'globalPool1d' }]), spec([{ ...emb, vocabSize: 30 }, { kind: 'conv1d', filters: 4, kernelSize: 3 }, { kind: 'globalPool1d', pool: 'max' }])].map((layers, i) => {
    const m = buildModel({ layers }, io, 7 + i);
    randomiseWeights(m, 3 + i);
    return m;
  });
  // Shared ids 0…49 → the second member's own ids (padding stays 0; some become [UNK] = 1).
  const rng = createRng(11);
  const table = Float32Array.from({ length: 50 }, (_, id) => (id < 3 ? id : rng.int(4) === 0 ? 1 : 3 + rng.int(27)));
  const members = models.map((model) => ({ model, recipe: null, featureMask: null, inputShape: [10], outputs: 3 }));
  const merged = mergeMembers(members, averageCombiner([1, 1], 2), 'classification', [null, table]);
  try {
    assert.ok(merged.layers.some((l) => l.getClassName() === 'TokenRemap'));
    const diff = await maxDifference(merged, layersModelToOnnx(merged), tokenIds(6, 10, 50, 8), 6);
    assert.ok(diff <= TOLERANCE, `max difference ${diff}`);
  } finally {
    merged.dispose();
    models.forEach((m) => m.dispose());
  }
});
