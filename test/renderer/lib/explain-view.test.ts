import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingMarks, methodsFor, percent } from '../../../renderer/src/lib/explain-view.ts';

test('tables are offered the SHAP family, LIME and permutation; images the saliency methods', () => {
  assert.deepEqual(methodsFor([30]).map((m) => m.method), ['shap', 'kernel-shap', 'integrated-gradients', 'gradient-shap', 'lime', 'permutation']);
  assert.deepEqual(methodsFor([28, 28, 1]).map((m) => m.method), ['integrated-gradients', 'occlusion', 'gradient-shap', 'lime']);
});

test('loss charts are marked where curve findings begin; layer findings are not', () => {
  assert.deepEqual(
    findingMarks([{ code: 'overfitting', epoch: 12 }, { code: 'dead_units', epoch: 3 }, { code: 'lr_too_low', epoch: null }, { code: 'underfitting', epoch: 4 }]),
    [{ epoch: 12, label: 'overfitting' }, { epoch: 4, label: 'underfitting' }],
  );
  assert.equal(percent(1, 3), 33);
  assert.equal(percent(5, 0), 0);
});
