import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeImportInfo as engineLines } from '../../../main/data/import-info.ts';
import { setLocale } from '../../../renderer/src/i18n/index.ts';
import { describeImportInfo } from '../../../renderer/src/lib/import-info.ts';

const info = {
  encoding: 'windows-1252' as const,
  delimiter: ';',
  decimalComma: ['länge', 'breite'],
  missing: { rule: 'mean' as const, rowsDropped: 0, cellsFilled: 2, columns: [] },
};

test('in English the dataset page says what the CLI says', () => {
  setLocale('en');
  assert.deepEqual(describeImportInfo(info), engineLines(info));
  assert.deepEqual(describeImportInfo({ missing: { rule: 'drop-rows', rowsDropped: 1, cellsFilled: 0, columns: [] } }), engineLines({ missing: { rule: 'drop-rows', rowsDropped: 1, cellsFilled: 0, columns: [] } }));
  assert.deepEqual(describeImportInfo(undefined), []);
});

test('in Chinese the same facts in Chinese', () => {
  try {
    setLocale('zh-CN');
    assert.deepEqual(describeImportInfo(info), ['编码：Windows-1252（Latin-1）', '字段分隔符：分号', '以下列使用小数逗号（“1,5” = 1.5）：länge、breite', '缺失值：均值填充（填充了 2 个单元格）']);
  } finally {
    setLocale('en');
  }
});
