/**
 * The one latency measurer on real models (cpu, the engine thread's backend):
 * fixed inputs, settings honoured, no tensors left behind, and comparisons
 * timed in interleaved pairs that tell a real speed-up from none. The verdicts
 * compare models whose costs differ by a factor of ~20, or not at all, so they
 * do not depend on how fast or busy the machine is.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { ModelSpec } from '../../../main/api/schemas.ts';
import { measureStoredModel } from '../../../main/compression/experiments/measure.ts';
import { buildModel } from '../../../main/model/builder.ts';
import { saveModelFiles } from '../../../main/model/io.ts';
import { compareLatency, latencyInput, measureLatency } from '../../../main/measure/latency.ts';
import { measureLatencyMs } from '../../../main/study/latency.ts';

before(async () => {
  await tf.setBackend('cpu');
});

const io = { inputShape: [64], outputUnits: 10, task: 'classification' as const };
const dense = (a: number, b: number): ModelSpec => ({ layers: [{ kind: 'dense', units: a, activation: 'relu', useBias: true }, { kind: 'dense', units: b, activation: 'relu', useBias: true }] });

/** Magnitude pruning as the experiments do it: 80% of every kernel set to zero, the kernels still dense. */
function pruneInPlace(model: tf.LayersModel, sparsity = 0.8): void {
  for (const w of model.weights) {
    if (!w.name.endsWith('kernel')) continue;
    const v = (w.read().dataSync() as Float32Array).slice();
    const threshold = Array.from(v, Math.abs).sort((x, y) => x - y)[Math.floor(v.length * sparsity)]!;
    for (let i = 0; i < v.length; i++) if (Math.abs(v[i]!) < threshold) v[i] = 0;
    w.write(tf.tensor(v, w.shape as number[]));
  }
}

test('the fixed input is the same for every measurement of a shape and batch', () => {
  const a = latencyInput([8, 8, 1], 4);
  const b = latencyInput([8, 8, 1], 4);
  assert.deepEqual(a.shape, [4, 8, 8, 1]);
  assert.deepEqual(a.dataSync(), b.dataSync());
  const values = a.dataSync();
  assert.ok(values.some((v) => v !== 0) && values.every((v) => v >= 0 && v < 1));
  tf.dispose([a, b]);
});

test('one model: repeats within the settings, quartiles around the median, nothing leaked', async () => {
  const model = buildModel(dense(32, 16), io, 1);
  const before = tf.memory().numTensors;
  const fixed = await measureLatency(model, [64], { batch: 8, minRepeats: 7, maxRepeats: 7 });
  assert.equal(fixed.repeats, 7);
  assert.equal(fixed.batch, 8);
  assert.equal(fixed.backend, 'cpu');
  assert.ok(fixed.q1Ms! > 0 && fixed.q1Ms! <= fixed.medianMs && fixed.medianMs <= fixed.q3Ms!);
  // A tiny budget stops after the minimum.
  const quick = await measureLatency(model, [64], { minRepeats: 5, maxRepeats: 1000, budgetMs: 0 });
  assert.equal(quick.repeats, 5);
  await compareLatency(model, model, [64], { minRepeats: 3, maxRepeats: 3 });
  assert.equal(tf.memory().numTensors, before);
  model.dispose();
});

test('a magnitude-pruned model on the same dense kernels is "no measurable change"; a model 20x cheaper is faster', async () => {
  const baseline = buildModel(dense(256, 128), io, 1);
  const pruned = buildModel(dense(256, 128), io, 1);
  pruneInPlace(pruned);
  const cheap = buildModel(dense(16, 8), io, 1);
  const same = (await compareLatency(baseline, pruned, [64], { budgetMs: 2000 })).candidate;
  assert.equal(same.comparison.verdict, 'no measurable change', JSON.stringify(same.comparison));
  assert.ok(same.comparison.pairs >= 5 && same.comparison.low <= same.comparison.ratio && same.comparison.ratio <= same.comparison.high);
  const { baseline: b, candidate: c } = await compareLatency(baseline, cheap, [64], { budgetMs: 2000 });
  assert.equal(c.comparison.verdict, 'faster', JSON.stringify(c.comparison));
  assert.ok(c.comparison.ratio < 0.5);
  assert.equal(c.comparison.baselineMedianMs, b.medianMs);
  for (const m of [baseline, pruned, cheap]) m.dispose();
});

test('stored models: a step is timed against its baseline; another input shape or the baseline itself is timed alone', async () => {
  const root = mkdtempSync(join(tmpdir(), 'mb-latency-'));
  try {
    const save = async (spec: ModelSpec, name: string, inputShape = [64]) => {
      const m = buildModel(spec, { ...io, inputShape }, 1);
      const dir = join(root, name);
      await saveModelFiles(m, dir);
      m.dispose();
      return dir;
    };
    const base = await save(dense(64, 32), 'base');
    const small = await save(dense(16, 8), 'small');
    const other = await save(dense(16, 8), 'other', [10]);
    const step = await measureStoredModel(small, { baselineDir: base });
    assert.ok(step.size.latency?.comparison, 'compared with the baseline');
    assert.equal(step.size.latency!.comparison!.pairs, step.size.latency!.repeats);
    assert.equal((await measureStoredModel(base, { baselineDir: base })).size.latency?.comparison, undefined);
    assert.equal((await measureStoredModel(other, { baselineDir: base })).size.latency?.comparison, undefined);
    assert.equal((await measureStoredModel(small, { latency: false })).size.latency, null);
    // The study objective reads the same measurer.
    assert.ok((await measureLatencyMs(small, [64], { batchSize: 4, repeats: 5 })) > 0);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
