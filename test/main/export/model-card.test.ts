import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeLayers, renderModelCard } from '../../../main/export/model-card.ts';
import { irisMeta, irisRun, loadIris } from './iris-model.ts';

test('the model card names dataset, model, hyperparameters, metrics, confusion matrix, backend, versions and seed', () => {
  const card = renderModelCard({
    run: irisRun(), meta: irisMeta(loadIris()), exportedAt: '2026-02-02T00:00:00.000Z',
    recipe: { method: 'standardize', axis: 'feature', center: [0, 0, 0, 0], scale: [1, 1, 1, 1] },
  });
  for (const needle of [
    '# iris | mlp', '| Task | classification |', 'dense(units=8, activation=relu, useBias=true)', 'head: dense(3, softmax)',
    'Parameters: 67', 'FLOPs per sample (forward): 134', '"kind":"adam"', '| Batch size | 32 |', '| Seed | 7 |',
    '| Backend | cpu |', '| accuracy | 0.9700 | 0.9500 | 0.9130 |', '| setosa | 8 | 0 | 0 |', '| @tensorflow/tfjs | 4.22.0 |',
    '| Created | 2026-01-01T00:00:00.000Z |', 'standardize (per feature)',
  ]) {
    assert.ok(card.includes(needle), `card contains ${needle}\n${card}`);
  }
});

test('residual blocks are described with their bodies indented', () => {
  const lines = describeLayers([{ kind: 'residual', activation: 'relu', layers: [{ kind: 'dense', units: 4, activation: 'relu', useBias: true }] }], '');
  assert.deepEqual(lines, ['residual(relu) {', '  dense(units=4, activation=relu, useBias=true)', '}']);
});
