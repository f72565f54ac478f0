/**
 * Every layer kind the builder emits, converted to ONNX and run in
 * onnxruntime-web against tfjs on the same seeded inputs: max |difference|
 * ≤ 1e-4, with seeded non-trivial weights (batch norm statistics included).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../../../../main/model/builder.ts';
import { layersModelToOnnx } from '../../../../main/export/onnx/convert.ts';
import { SPEC_CASES } from '../../model/specs.fixture.ts';
import { maxDifference, randomInputs, randomiseWeights, runOnnx } from './ort.ts';

const TOLERANCE = 1e-4;

test('every spec case of the builder exports to ONNX and matches tfjs', async (t) => {
  await tf.setBackend('cpu');
  for (const c of SPEC_CASES) {
    await t.test(c.name, async () => {
      const model = buildModel(c.spec, { inputShape: c.inputShape, outputUnits: c.outputUnits, task: c.task }, 7);
      try {
        randomiseWeights(model, 3);
        const bytes = layersModelToOnnx(model);
        const n = 5;
        const diff = await maxDifference(model, bytes, randomInputs(n, c.inputShape, 11), n);
        t.diagnostic(`${c.name}: max |tfjs - onnx| = ${diff.toExponential(2)}`);
        assert.ok(diff <= TOLERANCE, `${c.name}: max difference ${diff}`);
      } finally {
        model.dispose();
      }
    });
  }
});

test('the ONNX model keeps the tfjs names and shapes of its input and output', async () => {
  const c = SPEC_CASES.find((s) => s.name.startsWith('cnn valid'))!;
  const model = buildModel(c.spec, { inputShape: c.inputShape, outputUnits: c.outputUnits, task: c.task }, 1);
  const bytes = layersModelToOnnx(model);
  const out = await runOnnx(bytes, { input: { data: randomInputs(2, c.inputShape, 1), dims: [2, ...c.inputShape] } });
  assert.deepEqual(Object.keys(out), ['head']);
  assert.deepEqual([...out.head.dims], [2, c.outputUnits]);
  model.dispose();
});
