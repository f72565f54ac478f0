/**
 * Structured pruning of a standalone attention layer's heads: ranked like a
 * transformer block's, its Q / K / V columns and output-projection rows of a
 * removed head dropped, the spec's `heads` lowered, keyDim and the layer's
 * input and output widths kept. The reference is the original model with the
 * removed heads' weights zeroed here by hand.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import type { ModelSpec } from '../../../../main/api/schemas.ts';
import { planStructuredPrune, prunableLayers, structuredPrune } from '../../../../main/compression/structured/index.ts';
import { modelFlops } from '../../../../main/compression/flops.ts';
import { analyseSpec } from '../../../../main/model/counts.ts';
import { MultiHeadSelfAttention } from '../../../../main/model/layers/attention.ts';
import { MODEL_PRESETS } from '../../../../main/model/presets.ts';
import { assertClose, complement, cpuWithoutLeaks, expectApiError, inputs, predict, prunedPredictsSame, seededModel, tokenIds, zeroSlices, type Io } from './helpers.ts';

cpuWithoutLeaks();

const TABULAR = MODEL_PRESETS.find((p) => p.id === 'attention-tabular')!.spec;
const TABULAR_IO: Io = { inputShape: [5], outputUnits: 3, task: 'classification' };

const TEXT: ModelSpec = {
  layers: [
    { kind: 'embedding', vocabSize: 30, dim: 8 },
    { kind: 'attention', heads: 4, keyDim: 3, dropout: 0 },
    { kind: 'globalPool1d', pool: 'avg' },
  ],
};
const TEXT_IO: Io = { inputShape: [10], outputUnits: 2, task: 'regression' };

/**
 * Zeroes every weight of `heads` in an attention layer: weights are [query kernel, bias,
 * key kernel, bias, value kernel, bias, output kernel, output bias]; head h owns columns
 * h*keyDim .. (h+1)*keyDim-1 of Q, K, V (and their biases) and the same rows of the output kernel.
 */
function zeroHeads(model: tf.LayersModel, layer: string, heads: number[], keyDim: number): void {
  const columns = heads.flatMap((h) => Array.from({ length: keyDim }, (_, j) => h * keyDim + j));
  for (const w of [0, 2, 4]) zeroSlices(model, layer, w, -1, columns);
  for (const w of [1, 3, 5, 6]) zeroSlices(model, layer, w, 0, columns);
}

type Case = {
  name: string;
  spec: ModelSpec;
  io: Io;
  layer: string;
  heads: number;
  keyDim: number;
  width: number;
  /** The spec with the attention layer's heads set to `n`, written out per case. */
  withHeads: (n: number) => ModelSpec;
  x: () => tf.Tensor;
  only?: string[];
};

const attentionIn = (layers: ModelSpec['layers'], i: number, heads: number): ModelSpec['layers'] =>
  layers.map((l, j) => (j === i && l.kind === 'attention' ? { ...l, heads } : l));

const CASES: Case[] = [
  // Named in `layers`: dense_6 stays as it is, so the attention heads are all that change.
  {
    name: 'attention-tabular preset (attention in a residual block)',
    spec: TABULAR,
    io: TABULAR_IO,
    layer: 'res3_attention_1',
    heads: 2,
    keyDim: 8,
    width: 8,
    withHeads: (n) => ({ ...TABULAR, layers: TABULAR.layers.map((l) => (l.kind === 'residual' ? { ...l, layers: attentionIn(l.layers, 0, n) } : l)) }),
    x: () => inputs([5], 6),
    only: ['res3_attention_1'],
  },
  // Every prunable layer: the embedding keeps its width, so only the heads go. Padded rows exercise the mask.
  {
    name: 'text: embedding -> attention -> globalPool1d',
    spec: TEXT,
    io: TEXT_IO,
    layer: 'attention_2',
    heads: 4,
    keyDim: 3,
    width: 8,
    withHeads: (n) => ({ layers: attentionIn(TEXT.layers, 1, n) }),
    x: () => tokenIds(6, 10, 30),
  },
];

for (const c of CASES) {
  test(`${c.name}: half the heads go, the spec says so, and the model equals the original with those heads zeroed`, () => {
    const original = seededModel(c.spec, c.io, 5);
    const x = c.x();
    const opts = { ratio: 0.5, criterion: 'l2' as const, layers: c.only };
    const result = structuredPrune(original, c.spec, c.io, opts);
    try {
      const kept = planStructuredPrune(original, c.spec, c.io, opts).kept[c.layer];
      assert.equal(kept.length, c.heads / 2);
      assert.deepEqual(result.removed, [{ layer: c.layer, kept: c.heads / 2, total: c.heads }]);
      assert.deepEqual(result.spec, c.withHeads(c.heads / 2), 'only heads changed; keyDim was already in the spec');
      assert.notDeepEqual(c.withHeads(c.heads / 2), c.spec);

      const layer = result.model.getLayer(c.layer) as MultiHeadSelfAttention;
      assert.ok(layer instanceof MultiHeadSelfAttention);
      assert.equal(layer.numHeads, c.heads / 2);
      assert.equal(layer.keyDim, c.keyDim);
      const hk = (c.heads / 2) * c.keyDim;
      assert.deepEqual(layer.getWeights().map((w) => w.shape), [[c.width, hk], [hk], [c.width, hk], [hk], [c.width, hk], [hk], [hk, c.width], [c.width]]);

      // Each removed head takes keyDim columns (and biases) of Q, K, V and keyDim rows of the output kernel.
      const before = analyseSpec(c.spec, c.io.inputShape, c.io.outputUnits);
      const after = analyseSpec(result.spec, c.io.inputShape, c.io.outputUnits);
      assert.ok(before.ok && after.ok);
      assert.equal(before.paramCount, original.countParams());
      assert.equal(after.paramCount, result.model.countParams());
      assert.equal(before.paramCount - after.paramCount, (c.heads / 2) * c.keyDim * (4 * c.width + 3));
      assert.equal(after.flops, modelFlops(result.model), 'the spec prices what the rebuilt model computes');
      assert.ok(after.flops < before.flops);

      const pruned = predict(result.model, x);
      const unmasked = predict(original, x);
      zeroHeads(original, c.layer, complement(kept, c.heads), c.keyDim);
      const masked = predict(original, x);
      assertClose(pruned, masked);
      assert.ok(masked.some((v, i) => Math.abs(v - unmasked[i]) > 1e-3), 'the removed heads mattered, so the match is not vacuous');
    } finally {
      result.model.dispose();
      x.dispose();
      original.dispose();
    }
  });
}

test('the heads ranked lowest go: heads whose weights are zero are removed, under l1 and l2, and nothing changes', () => {
  const model = seededModel(TEXT, TEXT_IO, 7);
  const x = tokenIds(5, 10, 30);
  try {
    zeroHeads(model, 'attention_2', [0, 3], 3);
    for (const criterion of ['l1', 'l2', 'bn'] as const) {
      const opts = { ratio: 0.5, criterion, layers: ['attention_2'] };
      assert.deepEqual(planStructuredPrune(model, TEXT, TEXT_IO, opts).kept, { attention_2: [1, 2] }, criterion);
      prunedPredictsSame(model, TEXT, TEXT_IO, opts, x, (r) => assert.equal((r.spec.layers[1] as { heads: number }).heads, 2));
    }
  } finally {
    x.dispose();
    model.dispose();
  }
});

test('a 1-head attention layer keeps its head', () => {
  const spec: ModelSpec = { layers: [TEXT.layers[0], { kind: 'attention', heads: 1, keyDim: 5, dropout: 0 }, TEXT.layers[2]] };
  const model = seededModel(spec, TEXT_IO, 2);
  const x = tokenIds(4, 10, 30);
  try {
    for (const ratio of [0.5, 0.99]) {
      prunedPredictsSame(model, spec, TEXT_IO, { ratio, criterion: 'l1' }, x, (r) => {
        assert.deepEqual(r.removed, [{ layer: 'attention_2', kept: 1, total: 1 }]);
        assert.deepEqual(r.spec, spec);
        assert.equal(r.model.countParams(), model.countParams());
      });
    }
  } finally {
    x.dispose();
    model.dispose();
  }
});

test('prunableLayers lists the heads; the fixed widths around attention say why; the refusal names attention heads', () => {
  assert.deepEqual(prunableLayers(TABULAR, TABULAR_IO.inputShape), [
    { name: 'dense_1', kind: 'dense', units: 64, reason: 'feeds reshape_2, whose target shape fixes its size' },
    { name: 'res3_attention_1', kind: 'heads', units: 2 },
    { name: 'dense_6', kind: 'dense', units: 32 },
  ]);
  const fed: ModelSpec = { layers: [{ kind: 'dense', units: 6, activation: 'relu', useBias: true }, { kind: 'attention', heads: 3, keyDim: 2, dropout: 0 }, { kind: 'flatten' }] };
  assert.deepEqual(prunableLayers(fed, [4, 5]), [
    { name: 'dense_1', kind: 'dense', units: 6, reason: 'feeds attention layer attention_2, whose input width cannot change' },
    { name: 'attention_2', kind: 'heads', units: 3 },
  ]);
  const model = seededModel(TABULAR, TABULAR_IO, 1);
  try {
    expectApiError(() => structuredPrune(model, TABULAR, TABULAR_IO, { ratio: 0.5, criterion: 'l1', layers: ['reshape_2'] }), 'invalid_argument', 'reshape_2', 'the heads of attention layers');
    expectApiError(() => structuredPrune(model, TABULAR, TABULAR_IO, { ratio: 0.5, criterion: 'l1', layers: ['dense_1'] }), 'invalid_argument', 'dense_1', 'feeds reshape_2');
  } finally {
    model.dispose();
  }
});
