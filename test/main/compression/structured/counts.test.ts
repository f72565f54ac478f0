/**
 * The pruned spec's parameter and FLOP counts (analyseSpec) match the pruned
 * model and hand counts, and the FLOPs fall by the expected fraction. Inference
 * times are printed, not asserted (2 shared cores make timings noisy).
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { analyseSpec } from '../../../../main/model/counts.ts';
import { structuredPrune } from '../../../../main/compression/structured/index.ts';
import type { ModelSpec } from '../../../../main/api/schemas.ts';
import { inputs, seededModel, type Io } from './helpers.ts';

before(async () => {
  await tf.setBackend('cpu');
});

const REFERENCE_CNN: ModelSpec = {
  layers: [
    { kind: 'conv2d', filters: 16, kernelSize: 3, strides: 1, padding: 'valid', activation: 'relu', useBias: true },
    { kind: 'maxPool2d', poolSize: 2 },
    { kind: 'conv2d', filters: 32, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu', useBias: true },
    { kind: 'maxPool2d', poolSize: 2 },
    { kind: 'flatten' },
    { kind: 'dense', units: 64, activation: 'relu', useBias: true },
  ],
};

function counts(spec: ModelSpec, io: Io): { params: number; flops: number } {
  const a = analyseSpec(spec, io.inputShape, io.outputUnits);
  assert.ok(a.ok);
  return { params: a.paramCount, flops: a.flops };
}

test('reference CNN on 12x12x1, ratio 0.5: params and FLOPs by hand', () => {
  const io: Io = { inputShape: [12, 12, 1], outputUnits: 10, task: 'classification' };
  const model = seededModel(REFERENCE_CNN, io);
  const result = structuredPrune(model, REFERENCE_CNN, io, { ratio: 0.5, criterion: 'l1' });
  try {
    // 16 -> 8 filters, 32 -> 16 filters, 64 -> 32 units; the head keeps 10 outputs.
    // conv1 3*3*1*8+8 = 80; conv2 3*3*8*16+16 = 1168; flatten 2*2*16 = 64; dense 64*32+32 = 2080; head 32*10+10 = 330.
    const params = 80 + 1168 + 2080 + 330;
    // conv1 10*10*(2*9*8 + 8) + relu 800; pool 4*5*5*8; conv2 5*5*(2*9*8*16 + 16) + relu 400;
    // pool 4*2*2*16; dense 2*64*32 + 32 + relu 32; head 2*32*10 + 10.
    const flops = 100 * 152 + 800 + 800 + 25 * 2320 + 400 + 256 + 4096 + 64 + 650;
    assert.equal(params, 3658);
    assert.equal(result.model.countParams(), params);
    assert.deepEqual(counts(result.spec, io), { params, flops });
    assert.deepEqual(counts(REFERENCE_CNN, io), { params: 13706, flops: 283914 });
    assert.equal(model.countParams(), 13706);
  } finally {
    result.model.dispose();
    model.dispose();
  }
});

test('reference CNN on 28x28x1, ratio 0.75: FLOPs fall to about 1/12 (conv FLOPs scale with (1 - ratio)^2); timings printed', () => {
  const io: Io = { inputShape: [28, 28, 1], outputUnits: 10, task: 'classification' };
  const model = seededModel(REFERENCE_CNN, io);
  const result = structuredPrune(model, REFERENCE_CNN, io, { ratio: 0.75, criterion: 'l2' });
  const x = inputs(io.inputShape, 32);
  try {
    const before = counts(REFERENCE_CNN, io);
    const after = counts(result.spec, io);
    // By hand (see layer-math.ts): original 216320 + 10816 + 1568320 + 4608 + 147584 + 1290;
    // pruned to 4 / 8 / 16: 54080 + 2704 + 100048 + 1152 + 9248 + 330.
    assert.equal(before.flops, 1948938);
    assert.equal(after.flops, 167562);
    assert.ok(after.flops / before.flops < 0.09, `FLOP fraction ${after.flops / before.flops}`);
    assert.equal(after.params, result.model.countParams());

    const time = (m: tf.LayersModel): number => {
      tf.dispose(m.predict(x) as tf.Tensor); // warm-up
      const runs = 3;
      const t0 = performance.now();
      for (let i = 0; i < runs; i++) {
        const y = m.predict(x) as tf.Tensor;
        y.dataSync();
        y.dispose();
      }
      return (performance.now() - t0) / runs;
    };
    const original = time(model);
    const pruned = time(result.model);
    console.log(
      `structured pruning 0.75, batch 32 of 28x28x1: original ${original.toFixed(1)} ms, pruned ${pruned.toFixed(1)} ms ` +
        `(FLOPs ${before.flops} -> ${after.flops}, ${(after.flops / before.flops).toFixed(3)}x)`,
    );
  } finally {
    x.dispose();
    result.model.dispose();
    model.dispose();
  }
});

test('residual model: analyseSpec of the pruned spec equals countParams (projection shrinks with its group)', () => {
  const spec: ModelSpec = {
    layers: [
      { kind: 'dense', units: 12, activation: 'relu', useBias: true },
      { kind: 'residual', activation: 'relu', layers: [{ kind: 'dense', units: 12, activation: 'relu', useBias: true }] },
      { kind: 'residual', activation: 'prelu', layers: [{ kind: 'dense', units: 8, activation: 'linear', useBias: false }, { kind: 'batchNorm', momentum: 0.9 }] },
    ],
  };
  const io: Io = { inputShape: [5], outputUnits: 2, task: 'regression' };
  const model = seededModel(spec, io);
  const result = structuredPrune(model, spec, io, { ratio: 0.5, criterion: 'l1' });
  try {
    assert.deepEqual(result.removed, [
      { layer: 'dense_1', kept: 6, total: 12 },
      { layer: 'res2_dense_1', kept: 6, total: 12 },
      { layer: 'res3_dense_1', kept: 4, total: 8 },
      { layer: 'res3_proj', kept: 4, total: 8 },
    ]);
    // dense 5*6+6; res2 dense 6*6+6 (+ relu, no params); res3 dense 6*4, bn 4*4, proj 6*4+4, prelu 4; head 4*2+2.
    const params = 36 + 42 + 24 + 16 + 28 + 4 + 10;
    assert.equal(result.model.countParams(), params);
    assert.equal(counts(result.spec, io).params, params);
  } finally {
    result.model.dispose();
    model.dispose();
  }
});
