/**
 * Text and series datasets through the engine (SQLite in a temp home, cpu workers): import and
 * preview (texts shown as texts, each series drawn back with its split), and explanations (a text
 * run gets token attributions with its tokens and, when it has attention, attention maps of a row;
 * other methods and runs without attention are refused saying why; a forecast is explained per time
 * step of its lookback).
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
before(async () => {
  home = mkdtempSync(join(tmpdir(), 'mb-seq-engine-'));
  engine = await createEngine({ home, workers: 1, backend: ['cpu'] });
});
after(async () => {
  await engine.close();
  rmSync(home, { recursive: true, force: true });
});

async function settled(explanationId: string): Promise<ExplanationView> {
  for (;;) {
    const view = await engine.call('explanations.get', { explanationId });
    if (view.status !== 'running') return view;
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('the US births sample: windows with their stored split; the preview draws the series with its boundaries', async () => {
  const meta = await engine.call('datasets.importSample', { sample: 'us_births' });
  assert.deepEqual(meta.inputShape, [28, 1]);
  assert.equal(meta.classes.length, 7);
  assert.equal(meta.info?.series?.windows.train, meta.numSamples - (meta.info?.series?.windows.val ?? 0) - (meta.info?.series?.windows.test ?? 0));
  const preview = await engine.call('datasets.preview', { id: meta.id, rows: 3 });
  assert.deepEqual(preview.columns, ['window', 'births (last step)', ...meta.classes]);
  const line = preview.series![0];
  assert.equal(line.values.length, 7305);
  assert.equal(line.values[0], 8486);
  assert.ok(line.valStart < line.testStart && line.firstTestWindow === line.testStart);
});

test('a text CSV: the preview shows the texts, the numeric columns and the label', async () => {
  const csv = join(home, 'notes.csv');
  writeFileSync(csv, ['note,stars,label', ...Array.from({ length: 30 }, (_, i) => `"${i % 2 ? 'great product, would buy again' : 'broke after a day'} ${'x'.repeat(i * 20)}",${i % 5},${i % 2 ? 'good' : 'bad'}`)].join('\n'));
  const meta = await engine.call('datasets.importPath', { path: csv, textColumns: ['note'] });
  const preview = await engine.call('datasets.preview', { id: meta.id, rows: 30 });
  assert.deepEqual(preview.columns, ['note', 'stars', 'label']);
  assert.equal(preview.rows[1][0], `great product, would buy again ${'x'.repeat(20)}`);
  assert.equal(preview.rows[1][1], 1);
  assert.equal(preview.rows[1][2], 'good');
  assert.ok(String(preview.rows[29][0]).endsWith('…'), 'long texts are cut for the table');
});

test('a text run: token attributions with the tokens, attention maps of a row; other methods and runs without attention refused', async () => {
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

  // Attention maps of the same row: its tokens without the padding, per head a tokens × tokens map whose rows sum to 1.
  const maps = await engine.call('runs.attention', { runId, split: 'val', row: row.index });
  const real = row.tokens!.filter((t) => t !== '');
  assert.deepEqual(maps.tokens, real);
  assert.ok(real.length > 0 && real.length < 10, `a short row is padded: ${real.length} tokens`);
  assert.deepEqual(maps.layers.map((l) => l.heads.length), [2]);
  for (const head of maps.layers[0].heads) {
    assert.equal(head.length, real.length);
    for (const q of head) {
      assert.equal(q.length, real.length);
      assert.ok(Math.abs(q.reduce((a, b) => a + b, 0) - 1) < 1e-4, 'the padded keys got no weight');
    }
  }
  assert.deepEqual((await engine.call('runs.attention', { runId, split: 'val', row: row.index, layer: 0 })).layers, maps.layers);
  const refused = (pattern: RegExp) => (e: Error & { code?: string }) => e.code === 'invalid_argument' && pattern.test(e.message);
  await assert.rejects(engine.call('runs.attention', { runId, row: 10_000 }), refused(/row 10000 is past the end of the val split \(\d+ rows/));
  await assert.rejects(engine.call('runs.attention', { runId, layer: 1 }), refused(/layer 1 does not exist: the model has 1 attention layer/));
  await assert.rejects(engine.call('runs.attention', { runId, row: -1 }), (e: Error & { code?: string }) => e.code === 'invalid_argument');

  // A text run without attention is refused before any job starts, naming its layers.
  const lstm = await trainAndWait(engine, { datasetId: ds.id, spec: { layers: [{ kind: 'embedding' as const, vocabSize: 40, dim: 4 }, { kind: 'lstm' as const, units: 3 }] }, hyperparams: { epochs: 1, batchSize: 8 }, seed: 2 });
  await assert.rejects(engine.call('runs.attention', { runId: lstm.runId }), refused(/has no attention layer \(its model: embedding, lstm\)/));
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
  await assert.rejects(engine.call('runs.attention', { runId }), (e: Error & { code?: string }) => e.code === 'invalid_argument' && /is not a text run/.test(e.message));
});
