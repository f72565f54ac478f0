/**
 * The probe's two passes (main/diagnose/probe-pass.ts) record the same
 * diagnostics: an MLP probed through the dense-stack fast path and through the
 * tape, epoch after epoch of real training on breast cancer, gives equal
 * records (weights, gradients, activations, update ratios, dead units, loss);
 * and the fast path runs no tfjs kernel at all.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import type { ModelSpec, Task } from '../../../main/api/schemas.ts';
import { initBackend } from '../../../main/backend/select.ts';
import { createDiagnosticsProbe } from '../../../main/diagnose/tf-probe.ts';
import type { EpochDiagnostics } from '../../../main/diagnose/types.ts';
import { buildModel } from '../../../main/model/builder.ts';
import { createTrainStep } from '../../../main/train/step.ts';
import { createRng } from '../../../main/util/rng.ts';
import { breastCancer } from '../explain/helpers.ts';

before(async () => {
  delete process.env.MODELBENCH_BACKEND;
  await initBackend(['wasm']);
});

const dense = (units: number, activation: string, useBias = true) => ({ kind: 'dense', units, activation, useBias }) as ModelSpec['layers'][number];

const CASES: { name: string; spec: ModelSpec; task: Task }[] = [
  { name: 'reference MLP (relu, relu, softmax)', task: 'classification', spec: { layers: [dense(64, 'relu'), dense(64, 'relu')] } },
  { name: 'tanh, sigmoid, elu without bias', task: 'classification', spec: { layers: [dense(16, 'tanh'), dense(12, 'sigmoid'), dense(8, 'elu', false)] } },
  { name: 'regression (mse, linear head)', task: 'regression', spec: { layers: [dense(32, 'relu'), dense(8, 'sigmoid')] } },
];

/** Three epochs of Adam on breast cancer, both probes after each: equal records. */
test('the dense-stack pass records what the tape pass records, epoch after epoch', async () => {
  const data = breastCancer(10);
  const probeRows = 100;
  for (const c of CASES) {
    const model = buildModel(c.spec, { inputShape: [10], outputUnits: c.task === 'classification' ? 2 : 1, task: c.task }, 7);
    const loss = c.task === 'classification' ? 'categorical' : 'mse';
    const batch = { x: data.x.subarray(0, probeRows * 10), y: data.y.subarray(0, probeRows), n: probeRows };
    const fast = createDiagnosticsProbe(model, batch, loss);
    const tape = createDiagnosticsProbe(model, batch, loss, { denseStack: false });
    const optimizer = tf.train.adam(0.01);
    const step = createTrainStep(model, optimizer, loss);
    const rng = createRng(3);
    const order = Int32Array.from({ length: data.n }, (_, i) => i);
    for (let epoch = 1; epoch <= 3; epoch++) {
      rng.shuffle(order);
      for (let s = 0; s < data.n; s += 32) {
        const rows = order.subarray(s, Math.min(s + 32, data.n));
        const bx = new Float32Array(rows.length * 10);
        rows.forEach((r, i) => bx.set(data.x.subarray(r * 10, (r + 1) * 10), i * 10));
        const by = Float32Array.from(rows, (r) => data.y[r]);
        tf.tidy(() => step(tf.tensor2d(bx, [rows.length, 10]), loss === 'mse' ? tf.tensor2d(by, [rows.length, 1]) : tf.tensor1d(by)));
      }
      let viaFast: EpochDiagnostics | null = null;
      const profile = await tf.profile(() => {
        viaFast = fast.measure(epoch);
      });
      // No kernel through the engine: the whole pass ran on the dense-stack path.
      assert.equal(profile.kernels.length, 0, `${c.name}: ${profile.kernelNames.join(', ')}`);
      const viaTape = tape.measure(epoch);
      const got = viaFast as unknown as EpochDiagnostics;
      if (loss === 'mse') {
        // The mse value's sum runs in another order on the tape (dense-stack.test.ts); every other number is equal.
        assert.ok(Math.abs(got.loss - viaTape.loss) <= 1e-6 * Math.abs(viaTape.loss), `${c.name}: loss ${got.loss} vs ${viaTape.loss}`);
        got.loss = viaTape.loss;
      }
      assert.deepEqual(got, viaTape, `${c.name}, epoch ${epoch}`);
      if (epoch > 1) assert.ok((got.layers[0].updateRatio ?? 0) > 0, c.name);
    }
    fast.dispose();
    tape.dispose();
    optimizer.dispose();
    model.dispose();
  }
});

test('the tape pass still serves a Dense stack off the fast path (probe batch on another backend than wasm)', () => {
  const model = buildModel(CASES[0].spec, { inputShape: [10], outputUnits: 2, task: 'classification' }, 7);
  const data = breastCancer(10);
  const batch = { x: data.x.subarray(0, 200), y: data.y.subarray(0, 20), n: 20 };
  const tape = createDiagnosticsProbe(model, batch, 'categorical', { denseStack: false });
  const reference = tape.measure(1);
  tape.dispose();
  const start = tf.memory().numTensors;
  tf.setBackend('cpu');
  try {
    // The model's weights live on wasm; the cpu backend reads them through the engine.
    const probe = createDiagnosticsProbe(model, batch, 'categorical');
    const d = probe.measure(1);
    probe.dispose();
    assert.equal(d.layers.length, reference.layers.length);
    assert.ok(Math.abs(d.loss - reference.loss) < 1e-5, `${d.loss} vs ${reference.loss}`);
  } finally {
    tf.setBackend('wasm');
  }
  assert.equal(tf.memory().numTensors, start);
  model.dispose();
});
