/** prunableLayers, option checks, layer selection, ranking choices and memory. */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { planStructuredPrune, prunableLayers, structuredPrune } from '../../../../main/compression/structured/index.ts';
import type { ModelSpec } from '../../../../main/api/schemas.ts';
import { assertClose, complement, expectApiError, inputs, predict, seededModel, zeroSlices, type Io } from './helpers.ts';

before(async () => {
  await tf.setBackend('cpu');
});

const CNN: ModelSpec = {
  layers: [
    { kind: 'conv2d', filters: 16, kernelSize: 3, strides: 1, padding: 'valid', activation: 'relu', useBias: true },
    { kind: 'batchNorm', momentum: 0.99 },
    { kind: 'maxPool2d', poolSize: 2 },
    { kind: 'conv2d', filters: 8, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu', useBias: true },
    { kind: 'flatten' },
    { kind: 'dense', units: 12, activation: 'relu', useBias: true },
  ],
};
const CNN_IO: Io = { inputShape: [8, 8, 1], outputUnits: 3, task: 'classification' };

const ATTN: ModelSpec = {
  layers: [
    { kind: 'dense', units: 8, activation: 'relu', useBias: true },
    { kind: 'attention', heads: 2, keyDim: 4, dropout: 0 },
    { kind: 'flatten' },
    { kind: 'dense', units: 6, activation: 'relu', useBias: true },
  ],
};
const ATTN_IO: Io = { inputShape: [4, 5], outputUnits: 2, task: 'regression' };

const RES_AT_INPUT: ModelSpec = { layers: [{ kind: 'residual', activation: 'relu', layers: [{ kind: 'dense', units: 4, activation: 'relu', useBias: true }] }] };

test('prunableLayers lists dense / conv2d / attention heads with reasons and residual partners', () => {
  assert.deepEqual(prunableLayers(CNN, CNN_IO.inputShape), [
    { name: 'conv2d_1', kind: 'conv2d', units: 16 },
    { name: 'conv2d_4', kind: 'conv2d', units: 8 },
    { name: 'dense_6', kind: 'dense', units: 12 },
  ]);
  const attn = prunableLayers(ATTN, ATTN_IO.inputShape);
  assert.match(attn[0].reason ?? '', /feeds attention layer attention_2/);
  assert.deepEqual(attn[1], { name: 'attention_2', kind: 'heads', units: 2 });
  assert.equal(attn[2].reason, undefined);

  // A block added to the network input unchanged cannot shrink; with a projection it can.
  assert.match(prunableLayers(RES_AT_INPUT, [4])[0].reason ?? '', /res1_add to the network input/);
  assert.deepEqual(prunableLayers(RES_AT_INPUT, [6]), [{ name: 'res1_dense_1', kind: 'dense', units: 4, coupledWith: ['res1_proj'] }]);
  // Without the input shape the answer is conservative.
  assert.ok(prunableLayers(RES_AT_INPUT)[0].reason);
});

test('residual partners: the stem and the block body share a group; a later layer added to them says why it cannot shrink', () => {
  const spec: ModelSpec = {
    layers: [
      { kind: 'conv2d', filters: 4, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu', useBias: true },
      { kind: 'residual', activation: 'relu', layers: [{ kind: 'conv2d', filters: 4, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu', useBias: true }] },
      { kind: 'reshape', targetShape: [16, 4] },
      { kind: 'flatten' },
    ],
  };
  for (const shape of [[4, 4, 3], undefined]) {
    const layers = prunableLayers(spec, shape);
    assert.deepEqual(layers[0].coupledWith, ['res2_conv2d_1']);
    assert.match(layers[0].reason ?? '', /shares its channels through a residual add with res2_conv2d_1, which feeds reshape_3/);
    assert.match(layers[1].reason ?? '', /feeds reshape_3/);
  }
});

test('options are checked', () => {
  const model = seededModel(CNN, CNN_IO);
  try {
    for (const ratio of [-0.1, 1, 1.5, Number.NaN]) {
      expectApiError(() => structuredPrune(model, CNN, CNN_IO, { ratio, criterion: 'l1' }), 'invalid_argument', 'ratio');
    }
    expectApiError(() => structuredPrune(model, CNN, CNN_IO, { ratio: 0.5, criterion: 'l3' as 'l1' }), 'invalid_argument', 'criterion');
    expectApiError(() => structuredPrune(model, CNN, CNN_IO, { ratio: 0.5, criterion: 'l1', layers: ['maxPool2d_3'] }), 'invalid_argument', 'maxPool2d_3');
    expectApiError(() => structuredPrune(model, CNN, CNN_IO, { ratio: 0.5, criterion: 'l1', layers: ['nope'] }), 'invalid_argument', 'nope');
    expectApiError(() => structuredPrune(model, ATTN, ATTN_IO, { ratio: 0.5, criterion: 'l1' }), 'invalid_argument', 'no layer named');
    expectApiError(() => structuredPrune(model, CNN, { ...CNN_IO, inputShape: [2, 2, 1] }, { ratio: 0.5, criterion: 'l1' }), 'cannot_build');
  } finally {
    model.dispose();
  }
});

test('a layer feeding attention is refused with the reason; unrestricted, the attention loses heads and the dense after it units', () => {
  const model = seededModel(ATTN, ATTN_IO);
  try {
    expectApiError(() => structuredPrune(model, ATTN, ATTN_IO, { ratio: 0.5, criterion: 'l1', layers: ['dense_1'] }), 'invalid_argument', 'dense_1', 'attention');
    const x = inputs(ATTN_IO.inputShape, 3);
    const result = structuredPrune(model, ATTN, ATTN_IO, { ratio: 0.5, criterion: 'l1' });
    try {
      assert.deepEqual(result.removed, [
        { layer: 'attention_2', kept: 1, total: 2 },
        { layer: 'dense_4', kept: 3, total: 6 },
      ]);
      const pruned = predict(result.model, x);
      const { kept } = planStructuredPrune(model, ATTN, ATTN_IO, { ratio: 0.5, criterion: 'l1' });
      // The removed head (keyDim 4): its rows of the output projection; the removed dense units: their head rows.
      const head = complement(kept.attention_2, 2)[0];
      zeroSlices(model, 'attention_2', 6, 0, [0, 1, 2, 3].map((j) => head * 4 + j));
      zeroSlices(model, 'head', 0, 0, complement(kept.dense_4, 6));
      assertClose(pruned, predict(model, x));
    } finally {
      x.dispose();
      result.model.dispose();
    }
  } finally {
    model.dispose();
  }
});

test('opts.layers limits pruning to the named layers', () => {
  const model = seededModel(CNN, CNN_IO);
  const result = structuredPrune(model, CNN, CNN_IO, { ratio: 0.5, criterion: 'l2', layers: ['dense_6'] });
  try {
    assert.deepEqual(result.removed, [{ layer: 'dense_6', kept: 6, total: 12 }]);
    assert.deepEqual(
      result.spec.layers.map((l) => (l.kind === 'conv2d' ? l.filters : l.kind === 'dense' ? l.units : null)),
      [16, null, null, 8, null, 6],
    );
  } finally {
    result.model.dispose();
    model.dispose();
  }
});

test('ranking: L1 keeps the largest kernel norms, bn the largest |gamma|; bn without a batch norm falls back to L1', () => {
  const model = seededModel(CNN, CNN_IO, 11);
  try {
    const kernel = model.getLayer('conv2d_1').getWeights()[0].dataSync(); // [3, 3, 1, 16]
    const l1 = Array.from({ length: 16 }, (_, f) => {
      let s = 0;
      for (let i = f; i < kernel.length; i += 16) s += Math.abs(kernel[i]);
      return s;
    });
    const top = (v: number[], k: number): number[] => v.map((x, i) => [x, i]).sort((a, b) => b[0] - a[0]).slice(0, k).map((p) => p[1]).sort((a, b) => a - b);
    const byL1 = planStructuredPrune(model, CNN, CNN_IO, { ratio: 0.25, criterion: 'l1' });
    assert.deepEqual(byL1.kept.conv2d_1, top(l1, 12));
    const gamma = Array.from(model.getLayer('batchNorm_2').getWeights()[0].dataSync(), Math.abs);
    const byBn = planStructuredPrune(model, CNN, CNN_IO, { ratio: 0.25, criterion: 'bn' });
    assert.deepEqual(byBn.kept.conv2d_1, top(gamma, 12));
    assert.notDeepEqual(byBn.kept.conv2d_1, byL1.kept.conv2d_1, 'the two criteria disagree on this seed');
    assert.deepEqual(byBn.kept.conv2d_4, byL1.kept.conv2d_4); // no batch norm after conv2d_4
  } finally {
    model.dispose();
  }
});

test('keeps at least one unit; the original model is untouched; no tensor leaks', () => {
  const model = seededModel(CNN, CNN_IO);
  const x = inputs(CNN_IO.inputShape, 2);
  const before = predict(model, x);
  const tensors = tf.memory().numTensors;
  const result = structuredPrune(model, CNN, CNN_IO, { ratio: 0.99, criterion: 'l1' });
  assert.deepEqual(result.removed.map((r) => r.kept), [1, 1, 1]);
  const y = predict(result.model, x);
  assert.equal(y.length, 2 * 3);
  result.model.dispose();
  assert.equal(tf.memory().numTensors, tensors);
  assert.deepEqual(predict(model, x), before);
  x.dispose();
  model.dispose();
});

test('a residual body is never pruned to its input width (the builder would drop the projection)', () => {
  const spec: ModelSpec = {
    layers: [
      { kind: 'reshape', targetShape: [2, 3] },
      { kind: 'residual', activation: 'relu', layers: [{ kind: 'dense', units: 5, activation: 'relu', useBias: true }, { kind: 'batchNorm', momentum: 0.9 }] },
      { kind: 'flatten' },
    ],
  };
  const io: Io = { inputShape: [6], outputUnits: 2, task: 'regression' };
  const model = seededModel(spec, io);
  const x = inputs(io.inputShape, 3);
  const opts = { ratio: 0.5, criterion: 'l1' as const };
  const result = structuredPrune(model, spec, io, opts);
  try {
    // 5 - floor(2.5) = 3 would equal the 3 input features: one more unit is kept.
    assert.deepEqual(result.removed, [
      { layer: 'res2_dense_1', kept: 4, total: 5 },
      { layer: 'res2_proj', kept: 4, total: 5 },
    ]);
    assert.ok(result.model.layers.some((l) => l.name === 'res2_proj'));
    const pruned = predict(result.model, x);
    const gone = complement(planStructuredPrune(model, spec, io, opts).kept.res2_dense_1, 5);
    zeroSlices(model, 'head', 0, 0, [...gone, ...gone.map((c) => 5 + c)]); // 2 tokens of 5 features, flattened
    assertClose(pruned, predict(model, x));
  } finally {
    x.dispose();
    result.model.dispose();
    model.dispose();
  }
});
