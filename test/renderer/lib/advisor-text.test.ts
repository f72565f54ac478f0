import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REMEDIES } from '../../../main/diagnose/advisor/remedies.ts';
import { FINDING_CODES } from '../../../main/diagnose/advisor/types.ts';
import { setLocale } from '../../../renderer/src/i18n/index.ts';
import { changeSummary, findingEvidence, findingRemedy, findingTitle } from '../../../renderer/src/lib/advisor-text.ts';
import { because, EVIDENCE, PARAM_STYLE, type EvidenceKey } from '../../../main/diagnose/advisor/evidence.ts';

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

test('evidence: the engine\'s sentence in English; in Chinese by its key, every placeholder filled, numbers in the parameter\'s style', () => {
  const dead = because('deadUnits', { count: 7, units: 10, layer: 'dense_2', percent: 0.7 });
  const vanishing = because('vanishingRatioActivation', { layer: 'dense_1', ratio: 3.2e-6, epoch: 4, threshold: 0.01, hits: 9, recorded: 10, activation: 'sigmoid' });
  try {
    setLocale('en');
    assert.equal(findingEvidence(dead), '7 of 10 units of dense_2 (70%) output 0 for every probe sample');
    setLocale('zh-CN');
    assert.equal(findingEvidence(dead), 'dense_2 的 10 个神经元中有 7 个（70%）对所有探测样本都输出 0，已不再激活');
    assert.equal(findingEvidence(vanishing), '第 4 轮 dense_1 每个权重得到的梯度只有输出层的 3.2e-6 倍（10 个记录轮次中有 9 轮低于 0.01；该层用的是 sigmoid 激活）');
    assert.match(findingEvidence(because('divergedAt', { value: NaN, epoch: 3 })), /第 3 轮发散（NaN）/);
    // Every key, with a value for each of its placeholders: no English words and no placeholder left.
    for (const key of Object.keys(EVIDENCE) as EvidenceKey[]) {
      const params = Object.fromEntries([...EVIDENCE[key].matchAll(/\{\{(\w+)\}\}/g)].map(([, name]) => [name, PARAM_STYLE[name] === 'name' ? 'dense_1' : 0.25]));
      const text = findingEvidence(because(key, params));
      assert.doesNotMatch(text, /\{\{|\}\}/, key);
      assert.doesNotMatch(text.replaceAll('dense_1', '').replaceAll('NaN', ''), /[A-Za-z]{3,}/, `${key}: ${text}`);
    }
  } finally {
    setLocale('en');
  }
});
