import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { modelFlops } from '../../../main/compression/flops.ts';
import { gzipBytes, modelBytes, modelSize } from '../../../main/compression/size.ts';
import { buildModel } from '../../../main/model/builder.ts';
import { analyseSpec } from '../../../main/model/counts.ts';
import { saveModelFiles } from '../../../main/model/io.ts';
import { MODEL_PRESETS } from '../../../main/model/presets.ts';

before(async () => {
  await tf.setBackend('cpu');
});

test('cnn-reference on 28x28x1: parameters and FLOPs match a hand count', () => {
  const spec = MODEL_PRESETS.find((p) => p.id === 'cnn-reference')!.spec;
  const model = buildModel(spec, { inputShape: [28, 28, 1], outputUnits: 10, task: 'classification' }, 1);
  // conv1 3x3x1x16 valid -> 26x26x16; pool -> 13x13x16; conv2 3x3x16x32 same -> 13x13x32; pool -> 6x6x32; dense 1152->64; head 64->10
  const params = (9 * 16 + 16) + (9 * 16 * 32 + 32) + (6 * 6 * 32 * 64 + 64) + (64 * 10 + 10);
  const flops =
    26 * 26 * (2 * 9 * 16 + 16) + 26 * 26 * 16 + // conv1 + relu
    4 * 13 * 13 * 16 + // pool 2x2
    13 * 13 * (2 * 9 * 16 * 32 + 32) + 13 * 13 * 32 + // conv2 + relu
    4 * 6 * 6 * 32 + // pool
    (2 * 1152 * 64 + 64) + 64 + // dense + relu
    (2 * 64 * 10 + 10); // head (its softmax is not priced)
  assert.equal(model.countParams(), params);
  assert.equal(modelFlops(model), flops);
  const count = analyseSpec(spec, [28, 28, 1], 10);
  assert.ok(count.ok && count.flops === flops && count.paramCount === params);
  model.dispose();
});

test('model FLOPs agree with analyseSpec for every preset', () => {
  for (const preset of MODEL_PRESETS) {
    const inputShape = preset.inputKind === 'image' ? [16, 16, 3] : preset.inputKind === 'series' ? [12, 2] : [12];
    const model = buildModel(preset.spec, { inputShape, outputUnits: 4, task: 'classification' }, 1);
    const count = analyseSpec(preset.spec, inputShape, 4);
    assert.ok(count.ok);
    assert.equal(modelFlops(model), count.flops, preset.id);
    assert.equal(model.countParams(), count.paramCount, preset.id);
    model.dispose();
  }
});

test('bytes, gzip and latency of a saved model; zeros compress', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mb-size-'));
  const model = buildModel({ layers: [{ kind: 'dense', units: 64, activation: 'relu', useBias: true }] }, { inputShape: [32], outputUnits: 3, task: 'classification' }, 1);
  await saveModelFiles(model, dir);
  const dense = gzipBytes(dir);
  const { bytes, weightBytes } = modelBytes(dir);
  assert.equal(weightBytes, model.countParams() * 4);
  assert.ok(bytes > weightBytes);
  const kernel = model.getLayer('dense_1').weights[0]!;
  kernel.write(tf.zerosLike(kernel.read()));
  await saveModelFiles(model, dir);
  assert.ok(gzipBytes(dir) < dense / 3, 'a zeroed kernel compresses');
  const size = await modelSize(model, dir, { inputShape: [32], batch: 8, minRepeats: 7, maxRepeats: 7 });
  assert.ok(size.nonZeroParams <= model.countParams() - 32 * 64);
  assert.equal(size.paramCount, model.countParams());
  assert.equal(size.latency!.repeats, 7);
  assert.ok(size.latency!.medianMs > 0 && size.latency!.backend === 'cpu');
  assert.ok(size.latency!.q1Ms! <= size.latency!.medianMs && size.latency!.medianMs <= size.latency!.q3Ms!);
  model.dispose();
  rmSync(dir, { recursive: true, force: true });
});
