import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explainNote, findingMarks, methodLabel, methodsFor, percent } from '../../../renderer/src/lib/explain-view.ts';
import { setLocale } from '../../../renderer/src/i18n/index.ts';
import { methodNote } from '../../../main/explain/settings.ts';

test('tables are offered the SHAP family, LIME and permutation; images the saliency methods; texts integrated gradients', () => {
  assert.deepEqual(methodsFor([30]).map((m) => m.method), ['shap', 'kernel-shap', 'integrated-gradients', 'gradient-shap', 'lime', 'permutation']);
  assert.deepEqual(methodsFor([28, 28, 1]).map((m) => m.method), ['integrated-gradients', 'occlusion', 'gradient-shap', 'lime']);
  assert.deepEqual(methodsFor([64], 'text').map((m) => m.method), ['integrated-gradients'], 'token ids allow integrated gradients only');
});

test('loss charts are marked where curve findings begin; layer findings are not', () => {
  assert.deepEqual(
    findingMarks([{ code: 'overfitting', epoch: 12 }, { code: 'dead_units', epoch: 3 }, { code: 'lr_too_low', epoch: null }, { code: 'underfitting', epoch: 4 }]),
    [{ epoch: 12, label: 'overfitting' }, { epoch: 4, label: 'underfitting' }],
  );
  assert.equal(percent(1, 3), 33);
  assert.equal(percent(5, 0), 0);
});

test("what 'shap' ran and the methods results name: the engine's words in English, translated by method and numbers in Chinese", () => {
  const exact = { method: 'exact-shapley' as const, note: methodNote({ method: 'exact-shapley', requested: 'shap' }, 4), features: ['a', 'b', 'c', 'd'] };
  const kernel = { method: 'kernel-shap' as const, note: methodNote({ method: 'kernel-shap', requested: 'shap' }, 30), features: Array.from({ length: 30 }, (_, j) => `f${j}`) };
  try {
    setLocale('en');
    assert.equal(explainNote({ requested: 'shap' }, exact), 'shap: exact Shapley values (4 features, all 2^4 coalitions)');
    assert.equal(methodLabel('lime-image'), 'LIME (segments)');
    setLocale('zh-CN');
    assert.equal(explainNote({ requested: 'shap' }, exact), 'SHAP：精确 Shapley 值（4 个特征，遍历全部 2^4 个特征组合）');
    assert.equal(explainNote({ requested: 'shap' }, kernel), 'SHAP：KernelSHAP，因为 30 个特征超过了精确计算 Shapley 值的上限（12）');
    assert.equal(explainNote({ requested: 'lime' }, { method: 'lime' as const, note: null, features: ['a'] }), null);
    assert.equal(methodLabel('exact-shapley'), '精确 Shapley 值');
    assert.equal(methodLabel('permutation'), '置换重要性');
    assert.equal(methodLabel('lime-image'), 'LIME（图像分块）');
  } finally {
    setLocale('en');
  }
});
