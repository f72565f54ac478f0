/**
 * The shrink search and distillation on a text run through the engine (SQLite in a temp home,
 * a cpu worker): shrink trains smaller text models (width, vocabulary, removals) rather than
 * stopping at the baseline, and a text CNN distils into an embedding-and-pool student.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { ModelSpec } from '../../../main/api/schemas.ts';
import { parseStepLabel } from '../../../main/compression/step-label.ts';
import { createEngine, type Engine } from '../../../main/engine/engine.ts';
import { trainAndWait } from '../engine/run-helpers.ts';
import { importOrdersText, waitExperiment } from './helpers.ts';

let home: string;
let engine: Engine;
before(async () => {
  home = mkdtempSync(join(tmpdir(), 'mb-shrink-seq-'));
  engine = await createEngine({ home, workers: 1, backend: ['cpu'] });
});
after(async () => {
  await engine.close();
  rmSync(home, { recursive: true, force: true });
});

const SPEC = {
  layers: [
    { kind: 'embedding', vocabSize: 64, dim: 8 },
    { kind: 'conv1d', filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' },
    { kind: 'globalPool1d', pool: 'max' },
  ],
} as ModelSpec;

test('a text run shrinks (trained candidates, not only the baseline) and distils', async () => {
  const ds = await importOrdersText(engine, home);
  const { runId } = await trainAndWait(engine, { datasetId: ds.id, spec: SPEC, hyperparams: { epochs: 3, batchSize: 16, optimizer: { kind: 'adam', learningRate: 0.01 } }, seed: 2 });

  const shrink = await waitExperiment(engine, (await engine.call('compression.shrink', { runId, maxCandidates: 3, epochs: 2 })).experimentId);
  assert.equal(shrink.status, 'completed', shrink.error ?? '');
  const candidates = shrink.steps.filter((s) => s.kind !== 'baseline');
  assert.ok(candidates.length >= 1, 'trained at least one smaller model');
  assert.ok(candidates.every((s) => s.status === 'completed' && parseStepLabel(s.label) !== null), candidates.map((s) => `${s.label}: ${s.status}`).join(', '));
  const base = shrink.steps.find((s) => s.kind === 'baseline')!;
  assert.ok(candidates.every((s) => s.size!.paramCount < base.size!.paramCount));

  const student = { layers: [{ kind: 'embedding', vocabSize: 64, dim: 4 }, { kind: 'globalPool1d', pool: 'avg' }] } as ModelSpec;
  const distil = await waitExperiment(engine, (await engine.call('compression.distill', { teacherRunId: runId, student, epochs: 2 })).experimentId);
  assert.equal(distil.status, 'completed', distil.error ?? '');
  assert.deepEqual(distil.steps.map((s) => s.status), ['completed', 'completed', 'completed']);
});
