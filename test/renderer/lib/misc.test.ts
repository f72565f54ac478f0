import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportRelativePath, fileName } from '../../../renderer/src/lib/export-links.ts';
import { formatCount, formatDuration, formatShape } from '../../../renderer/src/lib/format.ts';
import { augmentationActive, DEFAULT_AUGMENTATION, defaultHyperParams, mergeHyperParams } from '../../../renderer/src/lib/hyperparams.ts';
import { isImageShape, toRgba } from '../../../renderer/src/lib/images.ts';
import { formatConfigValue, metricRows } from '../../../renderer/src/lib/compare-table.ts';
import type { RunRecord } from '../../../main/api/schemas.ts';

test('export download paths stay inside <home>/exports', () => {
  assert.equal(exportRelativePath('/h/exports/r1/model.json', '/h/exports/r1', '/h'), 'r1/model.json');
  assert.equal(exportRelativePath('model.json', '/h/exports/r1', '/h/'), 'r1/model.json');
  assert.equal(exportRelativePath('/elsewhere/model.json', '/elsewhere', '/h'), null);
  assert.equal(exportRelativePath('../../x', '/h/exports/r1', '/h'), null);
  assert.equal(exportRelativePath('C:\\h\\exports\\r\\m.json', 'C:\\h\\exports\\r', 'C:\\h'), 'r/m.json');
  assert.equal(fileName('/a/b/weights.bin'), 'weights.bin');
});

test('formatting', () => {
  assert.equal(formatCount(1234), '1,234');
  assert.equal(formatCount(52_000), '52.0K');
  assert.equal(formatCount(3_400_000), '3.40M');
  assert.equal(formatCount(null), '—');
  assert.equal(formatDuration(65_000), '1m 5s');
  assert.equal(formatDuration(420), '0.4s');
  assert.equal(formatDuration(3_725_000), '1h 2m');
  assert.equal(formatShape([28, 28, 1]), '[28 × 28 × 1]');
});

test('preset hyperparameters are completed with defaults', () => {
  const hp = mergeHyperParams({ optimizer: { kind: 'sgd' }, epochs: 5, split: { test: 0.2 } });
  assert.deepEqual(hp.optimizer, { kind: 'sgd', learningRate: 0.01 });
  assert.equal(hp.epochs, 5);
  assert.equal(hp.batchSize, defaultHyperParams().batchSize);
  assert.deepEqual(hp.split, { validation: 0.15, test: 0.2, stratify: true });
  const text = mergeHyperParams({ text: { tokenizer: 'bpe' }, diagnostics: { probeRows: 64 } });
  assert.deepEqual(text.text, { tokenizer: 'bpe', lowercase: true, normalize: 'nfkc', stripAccents: false, minFrequency: 1 }, "a text preset's tokeniser is kept");
  assert.deepEqual(text.diagnostics, { enabled: true, probeRows: 64 });
  assert.equal('text' in mergeHyperParams({}), false);
  assert.equal(augmentationActive(DEFAULT_AUGMENTATION), false);
  assert.equal(augmentationActive({ ...DEFAULT_AUGMENTATION, flipHorizontal: true }), true);
});

test('grayscale pixels become opaque grey RGBA', () => {
  const rgba = toRgba([0, 1], [1, 2, 1]);
  assert.deepEqual([...rgba], [0, 0, 0, 255, 255, 255, 255, 255]);
  assert.equal(isImageShape([8, 8, 1]), true);
  assert.equal(isImageShape([4]), false);
});

test('compare metrics table marks the best run per row', () => {
  const run = (metrics: RunRecord['metrics']) => ({ metrics }) as RunRecord;
  const rows = metricRows([run({ val: { loss: 0.5, accuracy: 0.8 } }), run({ val: { loss: 0.3, accuracy: 0.7 }, test: { accuracy: 0.75 } })]);
  const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
  assert.equal(byKey['val loss'].best, 1);
  assert.equal(byKey['val accuracy'].best, 0);
  assert.deepEqual(byKey['test accuracy'].values, [null, 0.75]);
  assert.equal(rows[0].split, 'val');
  assert.equal(formatConfigValue({ a: 1 }), '{"a":1}');
  assert.equal(formatConfigValue(undefined), '—');
});
