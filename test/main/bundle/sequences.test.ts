/**
 * Bundles of text and series datasets: --with-data carries a text dataset's texts.json and a
 * series' parts.u8 (the stored split), so a run can train on the imported copy; and the import
 * tells two text datasets with the same labels apart by their texts (their x.f32 may be empty).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../../../main/engine/engine.ts';
import { trainAndWait } from '../engine/run-helpers.ts';
import { tempEngine } from './workbench.ts';

type Folder = { home: string; engine: Engine; close(): Promise<void> };
let a: Folder;
let b: Folder;
before(async () => {
  a = await tempEngine('mb-bundle-seq-a-');
  b = await tempEngine('mb-bundle-seq-b-');
});
after(async () => {
  await a?.close();
  await b?.close();
});

const textSpec = { layers: [{ kind: 'embedding' as const, vocabSize: 40, dim: 6 }, { kind: 'globalPool1d' as const }] };

/** 40 labelled texts; `variant` changes the words, never the labels. */
function textCsv(folder: Folder, name: string, variant: number): string {
  const path = join(folder.home, `${name}.csv`);
  const words = variant === 0 ? ['parcel late', 'card charged'] : ['box damaged', 'refund missing'];
  writeFileSync(path, ['text,label', ...Array.from({ length: 40 }, (_, i) => `"${words[i % 2]} ${i}",${i % 2 ? 'delivery' : 'payment'}`)].join('\n'));
  return path;
}

test('a text run with its data: the texts travel, a run trains on the copy; other texts with the same labels are not taken for it', async () => {
  const ds = await a.engine.call('datasets.importPath', { path: textCsv(a, 'orders', 0), textColumns: ['text'], maxLength: 6 });
  const { runId } = await trainAndWait(a.engine, { datasetId: ds.id, spec: textSpec, hyperparams: { epochs: 1, batchSize: 8 }, seed: 1 });
  const { file } = await a.engine.call('bundles.export', { kind: 'run', id: runId, withData: true });

  // Folder b already has a text dataset of the same size, task and labels, but other texts.
  const lookalike = await b.engine.call('datasets.importPath', { path: textCsv(b, 'other', 1), textColumns: ['text'], maxLength: 6 });
  assert.equal(lookalike.numSamples, ds.numSamples);
  const imported = await b.engine.call('bundles.import', { file });
  assert.deepEqual(imported.datasets.map((d) => d.added), [true], 'the bundled texts are added, not matched to other texts');
  const copy = imported.datasets[0].id;
  assert.notEqual(copy, lookalike.id);
  assert.ok(existsSync(join(b.home, 'datasets', copy, 'texts.json')));
  const again = await trainAndWait(b.engine, { datasetId: copy, spec: textSpec, hyperparams: { epochs: 1, batchSize: 8 }, seed: 1 });
  const run = await b.engine.call('runs.get', { runId: again.runId });
  assert.equal(run.status, 'completed', run.error ?? '');
  assert.deepEqual(run.metrics.val, (await a.engine.call('runs.get', { runId })).metrics.val, 'the same texts and split train the same model');

  // The same bundle again: now the same data is here, so it is reused.
  const second = await b.engine.call('bundles.import', { file });
  assert.deepEqual(second.datasets.map((d) => [d.id, d.added]), [[copy, false]]);
});

test('a series run with its data: the stored split travels, a run trains on the copy', async () => {
  const births = await a.engine.call('datasets.importSample', { sample: 'us_births' });
  const spec = { layers: [{ kind: 'flatten' as const }, { kind: 'dense' as const, units: 4 }] };
  const { runId } = await trainAndWait(a.engine, { datasetId: births.id, spec, hyperparams: { epochs: 1, batchSize: 256 }, seed: 1 });
  const { file } = await a.engine.call('bundles.export', { kind: 'run', id: runId, withData: true });
  const imported = await b.engine.call('bundles.import', { file });
  const copy = imported.datasets[0].id;
  assert.ok(existsSync(join(b.home, 'datasets', copy, 'parts.u8')));
  const again = await trainAndWait(b.engine, { datasetId: copy, spec, hyperparams: { epochs: 1, batchSize: 256 }, seed: 1 });
  const run = await b.engine.call('runs.get', { runId: again.runId });
  assert.equal(run.status, 'completed', run.error ?? '');
  assert.deepEqual(run.metrics.test, (await a.engine.call('runs.get', { runId })).metrics.test, 'the same windows and stored split');
});
