/**
 * Text and series runs explained through the API, on a real engine: a text run
 * gets token attributions (integrated gradients on the embeddings) with its
 * tokens, other methods are refused saying why; a forecast is explained per
 * time step of its lookback.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { ExplanationView } from '../../../main/api/contract.ts';
import type { LocalExplanationResult } from '../../../main/explain/request.ts';
import { createEngine, type Engine } from '../../../main/engine/engine.ts';
import { trainAndWait } from './run-helpers.ts';

let home: string;
let engine: Engine;

async function settled(explanationId: string): Promise<ExplanationView> {
  for (;;) {
    const view = await engine.call('explanations.get', { explanationId });
    if (view.status !== 'running') return view;
    await new Promise((r) => setTimeout(r, 100));
  }
}

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'mb-seq-explain-'));
  engine = await createEngine({ home, workers: 1, backend: ['cpu'] });
});
after(async () => {
  await engine.close();
  rmSync(home, { recursive: true, force: true });
});

test('a text run: token attributions with the tokens; other methods refused', async () => {
  const csv = join(home, 'mails.csv');
  writeFileSync(csv, ['text,label', ...Array.from({ length: 60 }, (_, i) => (i % 2 ? `"win a cheap prize now ${i}",spam` : `"the meeting notes are attached ${i}",ham`))].join('\n'));
  const ds = await engine.call('datasets.importPath', { path: csv, textColumns: ['text'], maxLength: 10 });
  const spec = { layers: [{ kind: 'embedding' as const, vocabSize: 40, dim: 8 }, { kind: 'transformer' as const, heads: 2, ffUnits: 8, dropout: 0 }, { kind: 'globalPool1d' as const }] };
  const { runId } = await trainAndWait(engine, { datasetId: ds.id, spec, hyperparams: { epochs: 3, batchSize: 8 }, seed: 2 });
  assert.equal((await engine.call('runs.get', { runId })).status, 'completed');
  await assert.rejects(engine.call('runs.explain', { runId, method: 'shap' }), (e: Error & { code?: string }) => e.code === 'invalid_argument' && /cannot explain a text model .* use integrated-gradients/.test(e.message));
  const started = await engine.call('runs.explain', { runId, method: 'integrated-gradients', rows: 2, options: { steps: 16 } });
  const view = await settled(started.explanationId);
  assert.equal(view.status, 'completed', view.error ?? '');
  const result = view.result as LocalExplanationResult;
  assert.equal(result.rows.length, 2);
  const row = result.rows[0];
  assert.equal(row.attributions.length, 10);
  assert.ok(row.tokens && row.tokens.some((t) => t === 'win' || t === 'meeting'));
  row.tokens!.forEach((t, i) => t === '' && assert.equal(row.attributions[i], 0, 'padding gets nothing'));
});

test('a forecast run: attributions per time step of the lookback', async () => {
  const csv = join(home, 'daily.csv');
  writeFileSync(csv, ['t,v', ...Array.from({ length: 150 }, (_, i) => `${i},${Math.sin(i / 3) + i / 50}`)].join('\n'));
  const ds = await engine.call('datasets.importPath', { path: csv, series: { time: 't', target: 'v', lookback: 6, horizon: 2 } });
  const { runId } = await trainAndWait(engine, { datasetId: ds.id, spec: { layers: [{ kind: 'gru', units: 4 }] }, hyperparams: { epochs: 2 }, seed: 1 });
  const started = await engine.call('runs.explain', { runId, method: 'integrated-gradients', rows: 3 });
  const view = await settled(started.explanationId);
  assert.equal(view.status, 'completed', view.error ?? '');
  const result = view.result as LocalExplanationResult;
  assert.deepEqual(result.features, ['t-6', 't-5', 't-4', 't-3', 't-2', 't-1']);
  assert.equal(result.rows[0].attributions.length, 6);
});
