import { test } from 'node:test';
import assert from 'node:assert/strict';
import { localeFromCookie, pickLocale, supportedLocale } from '../../../renderer/src/i18n/locale.ts';
import { locale, setLocale, t, tValue } from '../../../renderer/src/i18n/index.ts';

test('the remembered choice wins, then the system languages in order, then English', () => {
  assert.equal(pickLocale('zh-CN', ['en-US']), 'zh-CN');
  assert.equal(pickLocale(null, ['fr-FR', 'zh-TW', 'en']), 'zh-CN', 'any Chinese is served the Chinese catalogue');
  assert.equal(pickLocale(null, ['de', 'en-GB', 'zh-CN']), 'en');
  assert.equal(pickLocale('klingon', ['ja']), 'en');
  assert.equal(pickLocale('', []), 'en');
  assert.equal(supportedLocale('zh_Hans_CN'), 'zh-CN');
  assert.equal(supportedLocale('EN-us'), 'en');
});

test('the cookie that remembers the language across web-host ports is read back', () => {
  assert.equal(localeFromCookie('a=1; modelbench-locale=zh-CN; b=2'), 'zh-CN');
  assert.equal(localeFromCookie('modelbench-locale=en'), 'en');
  assert.equal(localeFromCookie('other=zh-CN'), null);
});

test('t() translates, pluralises and interpolates in the current language', () => {
  try {
    setLocale('en');
    assert.equal(t('nav.history'), 'History');
    assert.equal(t('history.total', { count: 1, n: '1' }), '1 run');
    assert.equal(t('history.total', { count: 1234, n: '1,234' }), '1,234 runs');
    assert.equal(tValue('values.status', 'completed'), 'completed');
    assert.equal(tValue('values.status', 'unheard-of'), 'unheard-of', 'an unknown value shows as it is');
    setLocale('zh-CN');
    assert.equal(locale(), 'zh-CN');
    assert.equal(t('nav.history'), '历史记录');
    assert.equal(t('history.total', { count: 1234, n: '1,234' }), '共 1,234 次运行');
    assert.equal(tValue('values.status', 'completed'), '已完成');
    assert.equal(t('training.epoch', { epoch: 3, epochs: 10 }), '第 3 / 10 轮');
  } finally {
    setLocale('en');
  }
});
