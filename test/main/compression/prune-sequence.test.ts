/**
 * Structured pruning of a text transformer through the engine (SQLite in a temp
 * home, a cpu worker): compression.prune removes half of each block's heads and
 * feed-forward units, refuses the embedding by name with its reason, and the
 * smaller model fine-tunes as the experiment's pruned step.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { ModelSpec } from '../../../main/api/schemas.ts';
import { createEngine, type Engine } from '../../../main/engine/engine.ts';
import { trainAndWait } from '../engine/run-helpers.ts';
import { importOrdersText, waitExperiment } from './helpers.ts';

let home: string;
let engine: Engine;
before(async () => {
  home = mkdtempSync(join(tmpdir(), 'mb-prune-seq-engine-'));
  engine = await createEngine({ home, workers: 1, backend: ['cpu'] });
});
after(async () => {
  await engine.close();
  rmSync(home, { recursive: true, force: true });
});

const SPEC: ModelSpec = {
  layers: [
    { kind: 'embedding', vocabSize: 40, dim: 8 },
    { kind: 'transformer', heads: 4, ffUnits: 8, dropout: 0, norm: 'pre', activation: 'relu' },
    { kind: 'globalPool1d', pool: 'avg' },
  ],
};

test('a text transformer run: compression.prune (structured) halves heads and feed-forward units and fine-tunes', async () => {
  const ds = await importOrdersText(engine, home);
  const { runId } = await trainAndWait(engine, { datasetId: ds.id, spec: SPEC, hyperparams: { epochs: 3, batchSize: 16, optimizer: { kind: 'adam', learningRate: 0.01 } }, seed: 2 });
  assert.equal((await engine.call('runs.get', { runId })).status, 'completed');

  await assert.rejects(
    engine.call('compression.prune', { runId, method: 'structured', targetSparsity: 0.5, layers: ['embedding_1'] }),
    (e: Error & { code?: string }) => e.code === 'invalid_argument' && /embedding_1 .*keeps its width/.test(e.message),
  );

  const { experimentId } = await engine.call('compression.prune', { runId, method: 'structured', targetSparsity: 0.5, epochs: 2 });
  const exp = await waitExperiment(engine, experimentId);
  assert.equal(exp.status, 'completed', exp.error ?? '');
  const [base, pruned] = exp.steps;
  assert.deepEqual(pruned!.config.removed, [
    { layer: 'transformer_2_attn', kept: 2, total: 4 },
    { layer: 'transformer_2_ff1', kept: 4, total: 8 },
  ]);
  const block = (pruned!.config.spec as ModelSpec).layers[1];
  assert.deepEqual(block, { ...SPEC.layers[1], heads: 2, keyDim: 2, ffUnits: 4 });
  assert.ok(pruned!.size!.paramCount < base!.size!.paramCount && pruned!.size!.flops < base!.size!.flops);
  const child = await engine.call('runs.get', { runId: pruned!.runId! });
  assert.equal(child.status, 'completed');
  assert.ok((child.metrics.val?.accuracy ?? 0) >= 0.9, `pruned val accuracy ${child.metrics.val?.accuracy}`);
});
