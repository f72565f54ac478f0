import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setLocale } from '../../../renderer/src/i18n/index.ts';
import { attentionLabels, chosenMap, headChoices, headLabel, MEAN_OF_HEADS } from '../../../renderer/src/lib/attention-view.ts';

const layer = {
  layer: 'transformer_1_attn',
  heads: [
    [[1, 0], [0.5, 0.5]],
    [[0, 1], [0.25, 0.75]],
  ],
};

test('head choices: the mean first when there are several heads, then each head; one head alone has no mean', () => {
  try {
    setLocale('en');
    assert.deepEqual(headChoices(layer), [{ value: 'mean', label: 'mean of the heads' }, { value: '0', label: 'head 1' }, { value: '1', label: 'head 2' }]);
    assert.deepEqual(headChoices({ heads: [layer.heads[0]] }), [{ value: '0', label: 'head 1' }]);
    assert.deepEqual(headChoices(undefined), []);
    assert.equal(headLabel(layer, '1'), 'head 2');
    setLocale('zh-CN');
    assert.deepEqual(headChoices(layer).map((c) => c.label), ['各头的平均', '第 1 个头', '第 2 个头']);
  } finally {
    setLocale('en');
  }
});

test('the map drawn: one head, the heads averaged (rows still sum to 1), unknown choices fall back to the first head', () => {
  assert.deepEqual(chosenMap(layer, '1'), [[0, 1], [0.25, 0.75]]);
  assert.deepEqual(chosenMap(layer, MEAN_OF_HEADS), [[0.5, 0.5], [0.375, 0.625]]);
  assert.deepEqual(chosenMap(layer, '7'), layer.heads[0]);
  assert.deepEqual(chosenMap({ heads: [layer.heads[1]] }, MEAN_OF_HEADS), layer.heads[1]);
  assert.deepEqual(chosenMap(undefined, '0'), []);
  assert.deepEqual(attentionLabels(['win', 'ning</w>', '</w>']), ['win', 'ning', '␣']);
});
