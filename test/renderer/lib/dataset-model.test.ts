import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyseSpec } from '../../../main/model/counts.ts';
import { MODEL_PRESETS } from '../../../main/model/presets.ts';
import { datasetModel } from '../../../renderer/src/lib/dataset-model.ts';
import { defaultHyperParams } from '../../../renderer/src/lib/hyperparams.ts';
import { defaultLayersFor } from '../../../renderer/src/lib/layers.ts';

test('text and series forms start from their first preset: its layers and hyperparameters', () => {
  const series = datasetModel('series', MODEL_PRESETS);
  assert.equal(series.presetId, 'series-gru');
  assert.deepEqual(series.layers.map((l) => l.kind), ['gru', 'dense']);
  assert.equal(series.hyperparams.batchSize, 64);
  assert.equal(series.hyperparams.earlyStopping?.patience, 6);
  assert.ok(analyseSpec({ layers: series.layers }, [28, 1], 7).ok, 'builds on [lookback, values]');
  const text = datasetModel('text', MODEL_PRESETS);
  assert.equal(text.presetId, 'text-transformer');
  assert.equal(text.layers[0]?.kind, 'embedding');
  assert.ok(analyseSpec({ layers: text.layers }, [64], 2).ok, 'builds on [maxLength]');
  // The preset is copied: editing the form never changes the list it came from.
  (text.layers[0] as { dim: number }).dim = 3;
  assert.equal((MODEL_PRESETS.find((p) => p.id === 'text-transformer')!.spec.layers[0] as { dim: number }).dim, 64);
});

test('tables and images keep the plain MLP / CNN and default hyperparameters; kept values win', () => {
  for (const kind of ['tabular', 'image', 'any'] as const) {
    assert.deepEqual(datasetModel(kind, MODEL_PRESETS), { presetId: '', layers: defaultLayersFor(kind), hyperparams: defaultHyperParams() }, kind);
  }
  assert.equal(datasetModel('series', MODEL_PRESETS, { epochs: 10 }).hyperparams.epochs, 10, "a study's epochs per trial stay");
  assert.equal(datasetModel('image', MODEL_PRESETS, { epochs: 10 }).hyperparams.epochs, 10);
  // Presets not loaded yet: the stand-in sequence layers.
  assert.deepEqual(datasetModel('series', []), { presetId: '', layers: defaultLayersFor('series'), hyperparams: defaultHyperParams() });
});
