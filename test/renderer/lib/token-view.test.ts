import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setLocale } from '../../../renderer/src/i18n/index.ts';
import { attributionBound, contrastRatio, hasTokens, tokenChips, tokenColors, tokenLegend, tokenRowSummary, tokenText } from '../../../renderer/src/lib/token-view.ts';

const row = {
  tokens: ['win', 'a', 'cheap', '[UNK]', '[bin 2]', '', '', ''],
  attributions: [0.4, 0, -0.2, 0.05, -0.1, 0, 0, 0],
  prediction: 0.93,
  base: 0.78,
};

test('one row as chips: padding dropped, positions kept, sign as effect and mark, specials apart', () => {
  setLocale('en');
  const chips = tokenChips(row, attributionBound([row]), 'P(spam)');
  assert.deepEqual(chips.map((c) => [c.position, c.text, c.effect, c.mark, c.special, c.space]), [
    [0, 'win', 'raises', '+', false, true],
    [1, 'a', 'none', '', false, true],
    [2, 'cheap', 'lowers', '−', false, true],
    [3, '[UNK]', 'raises', '+', true, true],
    [4, '[bin 2]', 'lowers', '−', true, true],
  ]);
  assert.equal(chips[0].label, '“win” (token 1): +0.4, raises P(spam) by 0.4');
  assert.equal(chips[1].label, '“a” (token 2): 0, no effect on P(spam)');
  assert.equal(chips[2].label, '“cheap” (token 3): −0.2, lowers P(spam) by 0.2');
});

test('the scale: red raises, blue lowers, white at zero, full colour at the bound shared by all rows', () => {
  assert.equal(attributionBound([row, { attributions: [0.1, -0.8] }]), 0.8);
  assert.equal(tokenColors(0, 1).background, '#ffffff');
  assert.equal(tokenColors(1, 1).background, '#dc2626');
  assert.equal(tokenColors(-1, 1).background, '#2563eb');
  assert.equal(tokenColors(-5, 1).background, '#2563eb', 'clipped at the bound');
  assert.equal(tokenColors(0.5, 0).background, '#ffffff', 'a row of zeros stays white');
  const half = tokenColors(0.5, 1).background;
  assert.ok(half !== '#ffffff' && half !== '#dc2626');
});

test('every colour on the scale has text with WCAG contrast of at least 4.5', () => {
  assert.ok(Math.abs(contrastRatio('#000000', '#ffffff') - 21) < 1e-9);
  for (let k = -100; k <= 100; k++) {
    const { background, color } = tokenColors(k / 100, 1);
    const ratio = contrastRatio(background, color);
    assert.ok(ratio >= 4.5, `${k / 100}: ${background} on ${color} is ${ratio.toFixed(2)}`);
  }
});

test('byte-pair tokens: the end-of-word marker becomes a space, sub-words glue together', () => {
  assert.deepEqual(tokenText('ing</w>'), { text: 'ing', wordEnd: true });
  const chips = tokenChips({ tokens: ['win', 'ning</w>', 'now</w>', '</w>', ''], attributions: [0.1, 0.2, -0.1, 0, 0] }, 0.2, 'P(spam)');
  assert.deepEqual(chips.map((c) => [c.text, c.space]), [['win', false], ['ning', true], ['now', true], ['␣', true]]);
  assert.equal(hasTokens([{ tokens: undefined }, { tokens: ['a'] }]), true);
  assert.equal(hasTokens([{}]), false);
});

test('legend and summary in English and Chinese', () => {
  try {
    setLocale('en');
    const legend = tokenLegend(0.4, 'P(spam)');
    assert.deepEqual(legend.map((s) => s.value), [-0.4, -0.2, 0, 0.2, 0.4]);
    assert.equal(legend[0].label, '−0.4: lowers P(spam) by 0.4');
    assert.equal(legend[2].background, '#ffffff');
    assert.equal(tokenRowSummary(row, 'P(spam)'), 'P(spam) = 0.93; base (an all-padding text) 0.78; the tokens together +0.15');
    setLocale('zh-CN');
    assert.equal(tokenLegend(0.4, 'P(spam)')[4].label, '+0.4: 使P(spam)升高 0.4');
    assert.equal(tokenChips(row, 0.4, 'P(spam)')[2].label, '“cheap”（第 3 个词元）：−0.2，使P(spam)降低 0.2');
    assert.equal(tokenRowSummary(row, 'P(spam)'), 'P(spam) = 0.93；基准值（全为填充的文本）0.78；全部词元合计 +0.15');
  } finally {
    setLocale('en');
  }
});
