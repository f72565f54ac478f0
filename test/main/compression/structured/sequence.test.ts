/**
 * Structured pruning of sequence models (issue 13): transformer heads and
 * feed-forward units, conv1d filters and lstm / gru units are pruned; the
 * embedding, a transformer's model width and whatever feeds a layer norm keep
 * their sizes, with a reason. Units whose weights are all zero are the ones
 * removed, and removing them changes no output; the counts of the pruned spec
 * are the pruned model's, by hand for a transformer block.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import type { ModelSpec } from '../../../../main/api/schemas.ts';
import { planStructuredPrune, prunableLayers, structuredPrune } from '../../../../main/compression/structured/index.ts';
import { expandBlocks } from '../../../../main/compression/structured/slicing.ts';
import { modelFlops } from '../../../../main/compression/flops.ts';
import { analyseSpec } from '../../../../main/model/counts.ts';
import { MODEL_PRESETS } from '../../../../main/model/presets.ts';
import { cpuWithoutLeaks, expectApiError, inputs, predict, prunedPredictsSame, seededModel, tokenIds, zeroSlices, type Io } from './helpers.ts';

cpuWithoutLeaks();

const TEXT_IO: Io = { inputShape: [10], outputUnits: 3, task: 'regression' };

/** Transformer (keyDim defaults to 16 / 4 = 4) -> bidirectional lstm, read from its final states. */
const TRANSFORMER_LSTM: ModelSpec = {
  layers: [
    { kind: 'embedding', vocabSize: 50, dim: 16 },
    { kind: 'positional', mode: 'sinusoidal' },
    { kind: 'transformer', heads: 4, ffUnits: 8, dropout: 0, norm: 'pre', activation: 'relu' },
    { kind: 'lstm', units: 6, bidirectional: true, returnSequences: false },
  ],
};

const TEXT_CNN: ModelSpec = {
  layers: [
    { kind: 'embedding', vocabSize: 50, dim: 8 },
    { kind: 'conv1d', filters: 6, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu', useBias: true },
    { kind: 'globalPool1d', pool: 'max' },
  ],
};

/** Every weight a unit owns, so it is the least important and contributes nothing. */
function silence(model: tf.LayersModel, layer: string, parts: [weight: number, axis: number][], indices: number[]): void {
  for (const [weight, axis] of parts) zeroSlices(model, layer, weight, axis, indices);
}

test('units whose weights are zero are the ones removed, and removing them changes no output', () => {
  const model = seededModel(TRANSFORMER_LSTM, TEXT_IO, 4);
  const x = tokenIds(6, 10, 50);
  try {
    // Heads 1 and 2: their Q, K, V columns and biases and their rows of the output projection.
    const heads = expandBlocks([1, 2], 4);
    silence(model, 'transformer_3_attn', [[0, -1], [1, 0], [2, -1], [3, 0], [4, -1], [5, 0], [6, 0]], heads);
    // Feed-forward units 0, 3, 5, 6: ff1's columns and biases, ff2's rows.
    const ff = [0, 3, 5, 6];
    silence(model, 'transformer_3_ff1', [[0, 1], [1, 0]], ff);
    silence(model, 'transformer_3_ff2', [[0, 0]], ff);
    // lstm units 2, 3, 4 (6 units, 4 gates): their columns in every gate, recurrent rows, both directions; the head's rows.
    const lstm = [2, 3, 4];
    const columns = [0, 1, 2, 3].flatMap((g) => lstm.map((u) => g * 6 + u));
    for (const w of [0, 3]) zeroSlices(model, 'lstm_4', w, 1, columns);
    for (const w of [1, 4]) {
      zeroSlices(model, 'lstm_4', w, 1, columns);
      zeroSlices(model, 'lstm_4', w, 0, lstm);
    }
    for (const w of [2, 5]) zeroSlices(model, 'lstm_4', w, 0, columns);
    zeroSlices(model, 'head', 0, 0, [...lstm, ...lstm.map((u) => u + 6)]);

    for (const criterion of ['l1', 'l2'] as const) {
      const opts = { ratio: 0.5, criterion };
      const plan = planStructuredPrune(model, TRANSFORMER_LSTM, TEXT_IO, opts);
      assert.deepEqual(plan.kept, { transformer_3_attn: [0, 3], transformer_3_ff1: [1, 2, 4, 7], lstm_4: [0, 1, 5] });
      prunedPredictsSame(model, TRANSFORMER_LSTM, TEXT_IO, opts, x, (result) => {
        assert.deepEqual(result.spec.layers[2], { ...TRANSFORMER_LSTM.layers[2], heads: 2, keyDim: 4, ffUnits: 4 }, 'keyDim is written: its default would grow');
        assert.deepEqual(result.spec.layers[3], { ...TRANSFORMER_LSTM.layers[3], units: 3 });
      });
    }
  } finally {
    x.dispose();
    model.dispose();
  }
});

test('conv1d filters whose weights are zero are the ones removed; the text CNN predicts the same', () => {
  const model = seededModel(TEXT_CNN, TEXT_IO, 6);
  const x = tokenIds(5, 10, 50);
  try {
    silence(model, 'conv1d_2', [[0, -1], [1, 0]], [1, 4]); // relu(0) = 0, so max over time is 0 too
    zeroSlices(model, 'head', 0, 0, [1, 4]);
    prunedPredictsSame(model, TEXT_CNN, TEXT_IO, { ratio: 1 / 3, criterion: 'l2' }, x, (result) => {
      assert.deepEqual(result.removed, [{ layer: 'conv1d_2', kept: 4, total: 6 }]);
    });
  } finally {
    x.dispose();
    model.dispose();
  }
});

test('prunableLayers: heads and feed-forward units per block; embedding, model width and layer-norm inputs fixed, saying why', () => {
  const preset = MODEL_PRESETS.find((p) => p.id === 'text-transformer')!.spec;
  assert.deepEqual(prunableLayers(preset, [32]), [
    { name: 'embedding_1', kind: 'embedding', units: 64, reason: 'an embedding keeps its width (every later layer of the sequence reads it)' },
    { name: 'transformer_3_attn', kind: 'heads', units: 4 },
    { name: 'transformer_3_ff1', kind: 'ffUnits', units: 128 },
    { name: 'transformer_4_attn', kind: 'heads', units: 4 },
    { name: 'transformer_4_ff1', kind: 'ffUnits', units: 128 },
  ]);
  const conv = (filters: number) => ({ kind: 'conv1d' as const, filters, kernelSize: 3, strides: 1, padding: 'same' as const, activation: 'relu' as const, useBias: true });
  const fixed: ModelSpec = {
    layers: [conv(8), { kind: 'transformer', heads: 2, ffUnits: 4, dropout: 0, norm: 'post', activation: 'relu' }, conv(6), { kind: 'layerNorm', epsilon: 1e-5 }, { kind: 'gru', units: 4, bidirectional: false, returnSequences: false }],
  };
  const listed = prunableLayers(fixed, [12, 3]);
  assert.match(listed[0].reason ?? '', /^feeds transformer block transformer_2, whose model width cannot change$/);
  assert.match(listed.find((l) => l.name === 'conv1d_3')!.reason ?? '', /^feeds layer norm layerNorm_4, which normalises over all its input features$/);
  assert.deepEqual(listed.find((l) => l.name === 'gru_5'), { name: 'gru_5', kind: 'gru', units: 4 });
});

test('a block by name prunes its heads and feed-forward units; at least one of each stays; fixed layers are refused', () => {
  const model = seededModel(TRANSFORMER_LSTM, TEXT_IO, 2);
  try {
    const both = planStructuredPrune(model, TRANSFORMER_LSTM, TEXT_IO, { ratio: 0.9, criterion: 'l1', layers: ['transformer_3'] });
    assert.deepEqual(both.removed, [
      { layer: 'transformer_3_attn', kept: 1, total: 4 },
      { layer: 'transformer_3_ff1', kept: 1, total: 8 },
    ]);
    const ffOnly = planStructuredPrune(model, TRANSFORMER_LSTM, TEXT_IO, { ratio: 0.5, criterion: 'l1', layers: ['transformer_3_ff1'] });
    assert.deepEqual(ffOnly.spec.layers[2], { ...TRANSFORMER_LSTM.layers[2], ffUnits: 4 }, 'heads untouched: no keyDim written');
    expectApiError(() => structuredPrune(model, TRANSFORMER_LSTM, TEXT_IO, { ratio: 0.5, criterion: 'l1', layers: ['embedding_1'] }), 'invalid_argument', 'embedding_1', 'keeps its width');
    expectApiError(() => structuredPrune(model, TRANSFORMER_LSTM, TEXT_IO, { ratio: 0.5, criterion: 'l1', layers: ['positional_2'] }), 'invalid_argument', 'positional_2', 'transformer heads');
  } finally {
    model.dispose();
  }
});

test('a transformer block by hand: params and FLOPs fall by its pruned heads and feed-forward units, and equal the pruned model', () => {
  const spec: ModelSpec = {
    layers: [
      { kind: 'embedding', vocabSize: 20, dim: 12 },
      { kind: 'transformer', heads: 4, ffUnits: 10, dropout: 0, norm: 'pre', activation: 'relu' },
      { kind: 'globalPool1d', pool: 'avg' },
    ],
  };
  const io: Io = { inputShape: [9], outputUnits: 2, task: 'classification' };
  const model = seededModel(spec, io, 3);
  const result = structuredPrune(model, spec, io, { ratio: 0.5, criterion: 'l1' });
  try {
    const before = analyseSpec(spec, io.inputShape, io.outputUnits);
    const after = analyseSpec(result.spec, io.inputShape, io.outputUnits);
    assert.ok(before.ok && after.ok);
    assert.equal(after.paramCount, result.model.countParams());
    assert.equal(after.flops, modelFlops(result.model), 'the spec prices what the rebuilt model computes');
    assert.equal(before.paramCount, model.countParams());
    // T = 9, D = 12, keyDim 3; heads 4 -> 2 (hk 12 -> 6), ffUnits 10 -> 5.
    // Attention params 3(D·hk + hk) + hk·D + D: 624 -> 318; feed-forward D·f + f + f·D + D: 262 -> 137.
    assert.equal(before.paramCount - after.paramCount, 306 + 125);
    // Attention FLOPs 3(2·T·D·hk + T·hk) + heads·T²(2k + 4) + heads·T²·2k + 2·T·hk·D + T·D: 15984 -> 8046;
    // feed-forward T(2·D·f + f) + T·f (relu) + T(2·f·D + D): 4608 -> 2358.
    assert.equal(before.flops - after.flops, 7938 + 2250);
  } finally {
    result.model.dispose();
    model.dispose();
  }
});

test('every sequence preset prunes: params and FLOPs of the spec equal the pruned model, FLOPs fall, predictions stay finite', () => {
  for (const id of ['text-transformer', 'text-cnn', 'text-bilstm', 'series-cnn', 'series-gru']) {
    const preset = MODEL_PRESETS.find((p) => p.id === id)!;
    const io: Io = preset.inputKind === 'text' ? { inputShape: [16], outputUnits: 2, task: 'classification' } : { inputShape: [14, 1], outputUnits: 7, task: 'regression' };
    const model = seededModel(preset.spec, io, 1);
    const x = preset.inputKind === 'text' ? tokenIds(3, 16, 8000) : inputs(io.inputShape, 3);
    const result = structuredPrune(model, preset.spec, io, { ratio: 0.5, criterion: 'l2' });
    try {
      const before = analyseSpec(preset.spec, io.inputShape, io.outputUnits);
      const after = analyseSpec(result.spec, io.inputShape, io.outputUnits);
      assert.ok(before.ok && after.ok);
      assert.equal(after.paramCount, result.model.countParams(), id);
      assert.equal(after.flops, modelFlops(result.model), id);
      assert.ok(after.flops < before.flops * 0.75, `${id}: FLOPs ${before.flops} -> ${after.flops}`);
      assert.ok(result.removed.length > 0 && result.removed.every((r) => r.kept < r.total), id);
      assert.ok(predict(result.model, x).every(Number.isFinite), id);
    } finally {
      x.dispose();
      result.model.dispose();
      model.dispose();
    }
  }
});
