import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeImportInfo as engineLines } from '../../../main/data/import-info.ts';
import { setLocale } from '../../../renderer/src/i18n/index.ts';
import { describeImportInfo, importWarning } from '../../../renderer/src/lib/import-info.ts';
import { parseCsvDataset } from '../../../main/data/csv.ts';

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

test('import warnings: English as the engine stored them; Chinese by their key, numbers and the rule in Chinese, names as they are', () => {
  const csv = 'age,"city, town",y\n20,oslo,a\n,bergen,b\n40,,a\n60,oslo,NA\n1200,oslo,b\n?,bergen,a\n';
  const warnings = [...parseCsvDataset(csv, { missing: 'mean' }).warnings!, ...parseCsvDataset(csv, { missing: 'drop-rows' }).warnings!, 'an older warning'];
  setLocale('en');
  assert.deepEqual(warnings.map(importWarning), warnings);
  try {
    setLocale('zh-CN');
    assert.deepEqual(warnings.map(importWarning), [
      "6 行中有 1 行的标签 'y' 缺失，已丢弃（标签从不填补）",
      "已按“均值填充”填补 3 个缺失值，填补值在划分训练/验证/测试集之前由全部 5 行算出：age = 420 (2), city, town = 'bergen' (1)",
      '6 行中有 4 行含缺失值，已丢弃（age: 2, city, town: 1, y: 1）',
      'an older warning',
    ]);
    assert.equal(importWarning('1234 of 5000 rows have no text at all; they are kept (the model sees only their padding and numeric columns)'), '5,000 行中有 1,234 行完全没有文本；这些行予以保留（模型只看到它们的填充和数值列）');
  } finally {
    setLocale('en');
  }
});
