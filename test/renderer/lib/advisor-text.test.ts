import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REMEDIES } from '../../../main/diagnose/advisor/remedies.ts';
import { FINDING_CODES } from '../../../main/diagnose/advisor/types.ts';
import { setLocale } from '../../../renderer/src/i18n/index.ts';
import { changeSummary, findingRemedy, findingTitle } from '../../../renderer/src/lib/advisor-text.ts';

const config = {
  spec: { layers: [{ kind: 'dense' as const, units: 16, activation: 'relu' as const }] },
  hyperparams: { optimizer: { kind: 'adam' as const, learningRate: 0.3 } },
} as never;

test('English shows the engine’s own words; the catalogue keeps them for every finding code', () => {
  setLocale('en');
  for (const code of FINDING_CODES) {
    assert.equal(findingRemedy({ code, remedy: REMEDIES[code] }), REMEDIES[code]);
    assert.ok(findingTitle(code).length > 0);
  }
  assert.equal(changeSummary({ summary: 'learning rate 0.3 → 0.03', patches: [{ path: 'hyperparams.optimizer.learningRate', value: 0.03 }] }, config), 'learning rate 0.3 → 0.03');
});

test('Chinese translates findings by code and changes by what they patch', () => {
  try {
    setLocale('zh-CN');
    assert.equal(findingTitle('lr_too_high'), '学习率过高');
    assert.match(findingRemedy({ code: 'lr_too_low', remedy: REMEDIES.lr_too_low }), /提高学习率.*Adam/);
    assert.equal(changeSummary({ summary: 'x', patches: [{ path: 'hyperparams.optimizer.learningRate', value: 0.03 }] }, config), '学习率 0.3 → 0.03');
    const dropout = { summary: 'dropout 0.3 after every dense and conv layer', patches: [{ path: 'spec.layers', value: [{ kind: 'dense', units: 16 }, { kind: 'dropout', rate: 0.3 }] }] };
    assert.equal(changeSummary(dropout, config), '加入 1 个Dropout 层');
    assert.equal(changeSummary({ summary: 'something new', patches: [{ path: 'hyperparams.unknown', value: 1 }] }, config), 'something new', 'an unknown patch keeps the engine’s words');
  } finally {
    setLocale('en');
  }
});
