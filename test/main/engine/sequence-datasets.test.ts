/** Text and series datasets through the engine's import and preview: texts shown as texts, each series drawn back with its split. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createEngine, type Engine } from '../../../main/engine/engine.ts';

let home: string;
let engine: Engine;
before(async () => {
  home = mkdtempSync(join(tmpdir(), 'mb-seq-datasets-'));
  engine = await createEngine({ home, workers: 1, backend: ['cpu'] });
});
after(async () => {
  await engine.close();
  rmSync(home, { recursive: true, force: true });
});

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
