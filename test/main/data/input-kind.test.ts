import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DatasetInfo, ModelPreset } from '../../../main/api/schemas.ts';
import { datasetInputKind, defaultPresetFor, followsPreset, presetsFor } from '../../../main/data/input-kind.ts';
import { MODEL_PRESETS } from '../../../main/model/presets.ts';

const textInfo = { textColumns: ['review'], numericColumns: [], maxLength: 64, origin: 'csv' } as unknown as DatasetInfo['text'];
const seriesInfo = { timeColumn: 't', valueColumns: ['v'], target: 'v', lookback: 28, horizon: 7 } as unknown as DatasetInfo['series'];

test('the import info says text or series; otherwise [H, W, C] is an image and the rest a table', () => {
  assert.equal(datasetInputKind({ inputShape: [4] }), 'tabular');
  assert.equal(datasetInputKind({ inputShape: [4], info: { delimiter: ',' } }), 'tabular');
  assert.equal(datasetInputKind({ inputShape: [28, 28, 1] }), 'image');
  assert.equal(datasetInputKind({ inputShape: [32, 32, 3] }), 'image');
  // A text's [maxLength] has a table's rank and a series' [lookback, values] is neither: the info decides.
  assert.equal(datasetInputKind({ inputShape: [64], info: { text: textInfo } }), 'text');
  assert.equal(datasetInputKind({ inputShape: [28, 1], info: { series: seriesInfo } }), 'series');
});

test('presets for a kind keep their order and include those for any input', () => {
  const presets = [
    { id: 'a', inputKind: 'tabular' },
    { id: 'b', inputKind: 'any' },
    { id: 'c', inputKind: 'series' },
    { id: 'd', inputKind: 'series' },
  ] as Pick<ModelPreset, 'id' | 'inputKind'>[];
  assert.deepEqual(presetsFor(presets, 'series').map((p) => p.id), ['b', 'c', 'd']);
  assert.deepEqual(presetsFor(presets, 'image').map((p) => p.id), ['b']);
  assert.deepEqual(presetsFor(presets, 'any').map((p) => p.id), ['b'], 'no dataset yet: only presets for any input');
  assert.equal(defaultPresetFor(presets, 'series')?.id, 'c', 'one made for the kind before one for any input');
  assert.equal(defaultPresetFor(presets, 'image')?.id, 'b');
  assert.equal(defaultPresetFor([], 'text'), undefined);
});

test('every input kind has a preset of its own, and text and series forms start from theirs', () => {
  for (const kind of ['tabular', 'image', 'text', 'series'] as const) assert.equal(defaultPresetFor(MODEL_PRESETS, kind)?.inputKind, kind);
  assert.deepEqual((['tabular', 'image', 'text', 'series'] as const).filter(followsPreset), ['text', 'series']);
});
