import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setLocale } from '../../../renderer/src/i18n/index.ts';
import { formatCount, formatDate, formatDuration, formatInteger, formatPercent, formatSize } from '../../../renderer/src/lib/format.ts';

test('English keeps K/M/G counts; Chinese counts in 万 and 亿 (Intl)', () => {
  try {
    setLocale('en');
    assert.deepEqual([formatCount(1234), formatCount(52_000), formatCount(3_400_000), formatCount(1.5e9)], ['1,234', '52.0K', '3.40M', '1.50G']);
    setLocale('zh-CN');
    assert.deepEqual([formatCount(1234), formatCount(52_000), formatCount(3_400_000), formatCount(1.5e9)], ['1,234', '5.2万', '340万', '15亿']);
  } finally {
    setLocale('en');
  }
});

test('durations, dates, integers, shares and sizes follow the language', () => {
  const at = new Date(2024, 4, 1, 13, 45).toISOString();
  try {
    setLocale('en');
    assert.deepEqual([formatDuration(4_200), formatDuration(65_000), formatDuration(3_725_000), formatDuration(0)], ['4.2s', '1m 5s', '1h 2m', '0.0s']);
    assert.equal(formatDate(at), 'May 1, 2024, 13:45');
    setLocale('zh-CN');
    assert.deepEqual([formatDuration(4_200), formatDuration(65_000), formatDuration(3_725_000)], ['4.2秒', '1分钟5秒', '1小时2分钟']);
    assert.equal(formatDate(at), '2024年5月1日 13:45');
    assert.equal(formatInteger(1797), '1,797');
    assert.equal(formatPercent(0.456), '45.6%');
    assert.equal(formatSize(3 * 1024 * 1024), '3.0 MiB');
  } finally {
    setLocale('en');
  }
  assert.equal(formatDate('not a date'), 'not a date');
  assert.equal(formatDuration(null), '—');
});
