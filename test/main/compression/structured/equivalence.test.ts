/**
 * The core property: a structurally pruned model computes EXACTLY what
 * the original computes once the removed channels' effect is masked out (their
 * consumers' input rows zeroed, written out by hand per network below so the
 * reference does not reuse the code under test), before any fine-tuning.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { analyseSpec } from '../../../../main/model/counts.ts';
import { planStructuredPrune, structuredPrune } from '../../../../main/compression/structured/index.ts';
import { assertClose, complement, cpuWithoutLeaks, flatRows, inputs, predict, seededModel, zeroSlices, type EquivalenceCase } from './helpers.ts';
import { SEQUENCE_CASES } from './sequence-cases.ts';

cpuWithoutLeaks();

const CASES: EquivalenceCase[] = [
  {
    name: 'MLP',
    spec: { layers: [{ kind: 'dense', units: 12, activation: 'relu', useBias: true }, { kind: 'dense', units: 10, activation: 'tanh', useBias: true }] },
    io: { inputShape: [6], outputUnits: 3, task: 'regression' },
    criterion: 'l1',
    ratio: 0.5,
    masks: (k, n) => [
      { layer: 'dense_2', weight: 0, axis: 0, indices: complement(k.dense_1, n('dense_1')) },
      { layer: 'head', weight: 0, axis: 0, indices: complement(k.dense_2, n('dense_2')) },
    ],
  },
  {
    name: 'reference CNN (conv3x3(16) -> maxpool -> conv3x3(32, same) -> maxpool -> flatten -> dense(64) -> head)',
    spec: {
      layers: [
        { kind: 'conv2d', filters: 16, kernelSize: 3, strides: 1, padding: 'valid', activation: 'relu', useBias: true },
        { kind: 'maxPool2d', poolSize: 2 },
        { kind: 'conv2d', filters: 32, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu', useBias: true },
        { kind: 'maxPool2d', poolSize: 2 },
        { kind: 'flatten' },
        { kind: 'dense', units: 64, activation: 'relu', useBias: true },
      ],
    },
    io: { inputShape: [12, 12, 1], outputUnits: 10, task: 'regression' },
    criterion: 'l2',
    ratio: 0.5,
    masks: (k, n) => [
      { layer: 'conv2d_3', weight: 0, axis: 2, indices: complement(k.conv2d_1, n('conv2d_1')) },
      // 12 -> conv 10 -> pool 5 -> conv 5 -> pool 2: flatten holds 2*2 positions of 32 channels.
      { layer: 'dense_6', weight: 0, axis: 0, indices: flatRows(complement(k.conv2d_3, 32), 32, 4) },
      { layer: 'head', weight: 0, axis: 0, indices: complement(k.dense_6, n('dense_6')) },
    ],
  },
  {
    name: 'CNN with batchNorm (ranked by |gamma|)',
    spec: {
      layers: [
        { kind: 'conv2d', filters: 8, kernelSize: 3, strides: 1, padding: 'same', activation: 'linear', useBias: false },
        { kind: 'batchNorm', momentum: 0.99 },
        { kind: 'activation', activation: 'relu' },
        { kind: 'conv2d', filters: 10, kernelSize: 3, strides: 2, padding: 'same', activation: 'prelu', useBias: true },
        { kind: 'batchNorm', momentum: 0.99 },
        { kind: 'globalAvgPool2d' },
        { kind: 'dropout', rate: 0.3 },
        { kind: 'dense', units: 6, activation: 'elu', useBias: true },
      ],
    },
    io: { inputShape: [6, 6, 2], outputUnits: 4, task: 'classification' },
    criterion: 'bn',
    ratio: 0.4,
    masks: (k, n) => [
      { layer: 'conv2d_4', weight: 0, axis: 2, indices: complement(k.conv2d_1, n('conv2d_1')) },
      { layer: 'dense_8', weight: 0, axis: 0, indices: complement(k.conv2d_4, n('conv2d_4')) },
      { layer: 'head', weight: 0, axis: 0, indices: complement(k.dense_8, n('dense_8')) },
    ],
  },
  {
    name: 'dense net with prelu',
    spec: {
      layers: [
        { kind: 'dense', units: 10, activation: 'prelu', useBias: true },
        { kind: 'activation', activation: 'prelu' },
        { kind: 'batchNorm', momentum: 0.9 },
        { kind: 'dense', units: 8, activation: 'prelu', useBias: false },
      ],
    },
    io: { inputShape: [5], outputUnits: 2, task: 'regression' },
    criterion: 'l2',
    ratio: 0.7,
    masks: (k, n) => [
      { layer: 'dense_4', weight: 0, axis: 0, indices: complement(k.dense_1, n('dense_1')) },
      { layer: 'head', weight: 0, axis: 0, indices: complement(k.dense_4, n('dense_4')) },
    ],
  },
  {
    name: 'residual blocks (identity shortcut joined with the stem; projection + batchNorm + prelu)',
    spec: {
      layers: [
        { kind: 'conv2d', filters: 8, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu', useBias: true },
        {
          kind: 'residual',
          activation: 'relu',
          layers: [
            { kind: 'conv2d', filters: 6, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu', useBias: true },
            { kind: 'conv2d', filters: 8, kernelSize: 3, strides: 1, padding: 'same', activation: 'linear', useBias: true },
          ],
        },
        {
          kind: 'residual',
          activation: 'prelu',
          layers: [
            { kind: 'conv2d', filters: 12, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', useBias: true },
            { kind: 'batchNorm', momentum: 0.99 },
          ],
        },
        { kind: 'flatten' },
        { kind: 'dense', units: 10, activation: 'relu', useBias: true },
      ],
    },
    io: { inputShape: [6, 6, 2], outputUnits: 3, task: 'regression' },
    criterion: 'l1',
    ratio: 0.5,
    masks: (k, n) => {
      // conv2d_1 and res2_conv2d_2 meet in res2_add: one group, one kept set.
      const stem = complement(k.conv2d_1, n('conv2d_1'));
      return [
        { layer: 'res2_conv2d_1', weight: 0, axis: 2, indices: stem },
        { layer: 'res2_conv2d_2', weight: 0, axis: 2, indices: complement(k.res2_conv2d_1, n('res2_conv2d_1')) },
        { layer: 'res3_conv2d_1', weight: 0, axis: 2, indices: stem },
        { layer: 'res3_proj', weight: 0, axis: 2, indices: stem },
        // 6x6 -> stride 2 -> 3x3 positions of 12 channels.
        { layer: 'dense_5', weight: 0, axis: 0, indices: flatRows(complement(k.res3_conv2d_1, 12), 12, 9) },
        { layer: 'head', weight: 0, axis: 0, indices: complement(k.dense_5, n('dense_5')) },
      ];
    },
  },
  ...SEQUENCE_CASES,
];

describe('pruned model == masked original', () => {
  for (const c of CASES) {
    test(c.name, () => {
      const original = seededModel(c.spec, c.io, 3);
      const x = c.inputs?.(5) ?? inputs(c.io.inputShape, 5);
      try {
        const plan = planStructuredPrune(original, c.spec, c.io, { ratio: c.ratio, criterion: c.criterion });
        const result = structuredPrune(original, c.spec, c.io, { ratio: c.ratio, criterion: c.criterion });
        try {
          assert.deepEqual(result.spec, plan.spec);
          assert.ok(result.removed.every((r) => r.kept < r.total), 'every layer lost units');
          const units = (name: string): number => result.removed.find((r) => r.layer === name)!.total;
          const count = analyseSpec(result.spec, c.io.inputShape, c.io.outputUnits);
          assert.ok(count.ok);
          assert.equal(count.paramCount, result.model.countParams(), 'analyseSpec agrees with the pruned model');
          const pruned = predict(result.model, x);
          const unmasked = predict(original, x);
          for (const m of c.masks(plan.kept, units)) zeroSlices(original, m.layer, m.weight, m.axis, m.indices);
          const masked = predict(original, x);
          assertClose(pruned, masked);
          // The masks matter: pruning really changed the function, so the match above is not vacuous.
          assert.ok(masked.some((v, i) => Math.abs(v - unmasked[i]) > 1e-3), 'masking changed the predictions');
        } finally {
          result.model.dispose();
        }
      } finally {
        x.dispose();
        original.dispose();
      }
    });
  }
});

test('MLP: silencing the removed units at their source (kernel columns + bias) gives the same predictions', () => {
  const c = CASES[0]; // relu(0) = tanh(0) = 0, so a silenced unit outputs exactly 0
  const original = seededModel(c.spec, c.io, 5);
  const x = inputs(c.io.inputShape, 4);
  const result = structuredPrune(original, c.spec, c.io, { ratio: 0.5, criterion: 'l2' });
  const plan = planStructuredPrune(original, c.spec, c.io, { ratio: 0.5, criterion: 'l2' });
  try {
    const pruned = predict(result.model, x);
    for (const [layer, total] of [['dense_1', 12], ['dense_2', 10]] as const) {
      const gone = complement(plan.kept[layer], total);
      zeroSlices(original, layer, 0, 1, gone);
      zeroSlices(original, layer, 1, 0, gone);
    }
    assertClose(pruned, predict(original, x));
  } finally {
    tf.dispose([x]);
    result.model.dispose();
    original.dispose();
  }
});

test('ratio 0 gives identical predictions and the same spec', () => {
  for (const c of CASES) {
    const original = seededModel(c.spec, c.io, 8);
    const x = c.inputs?.(3) ?? inputs(c.io.inputShape, 3);
    const result = structuredPrune(original, c.spec, c.io, { ratio: 0, criterion: c.criterion });
    try {
      assert.deepEqual(result.spec, c.spec);
      assert.ok(result.removed.every((r) => r.kept === r.total));
      assert.deepEqual(predict(result.model, x), predict(original, x), c.name);
    } finally {
      x.dispose();
      result.model.dispose();
      original.dispose();
    }
  }
});
