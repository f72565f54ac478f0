/**
 * The catalogues are complete and consistent: zh-CN has every English key and no other, the same
 * {{placeholders}}, real text (a string left equal to the English is a technical name on the
 * list below), and every key the sources use exists while every key exists because a source uses it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { en } from '../../../renderer/src/i18n/en/index.ts';
import { zhCN } from '../../../renderer/src/i18n/zh-CN/index.ts';
import { catalogueKeys, flatten, placeholders, sourceKeyUses } from './catalogue-tools.ts';

/** Technical names and symbols that are the same in Chinese. */
const SAME_IN_CHINESE = new Set([
  'common.kb', 'common.mb', 'app.webConnection',
  'datasets.info.encodings.utf-8', 'datasets.info.encodings.utf-16le', 'datasets.info.encodings.utf-16be', 'datasets.sample.mnist.name',
  'layers.field.dropout', 'space.quick.dropout',
  'explain.method.kernel-shap', 'explain.method.gradient-shap', 'explain.method.lime',
  'charts.costAxis.flops', 'charts.costLabel.flops', 'stepCompare.flops', 'charts.band.p5to95', 'charts.band.p25to75',
  'studySetup.pruner.hyperband', 'hp.normalizations.nfkc', 'ensemble.method.bagging.label', 'ensemble.method.boosting.label', 'ensemble.method.stacking.label',
]);

const english = flatten(en);
const chinese = flatten(zhCN);

test('zh-CN has exactly the English keys', () => {
  assert.deepEqual([...chinese.keys()].sort(), [...english.keys()].sort());
});

test('every message keeps its placeholders, and says something', () => {
  for (const [key, text] of english) {
    const zh = chinese.get(key) ?? '';
    assert.deepEqual(placeholders(zh), placeholders(text), `${key}: placeholders differ between en and zh-CN`);
    assert.ok(zh.trim() !== '' || text.trim() === '', `${key} is empty in zh-CN`);
  }
});

test('Chinese strings are translated, apart from technical names', () => {
  const untranslated = [...english].filter(([key, text]) => chinese.get(key) === text && /[A-Za-z]/.test(text) && !SAME_IN_CHINESE.has(key)).map(([key]) => key);
  assert.deepEqual(untranslated, [], 'these zh-CN messages are still the English text');
  for (const key of SAME_IN_CHINESE) assert.ok(english.has(key), `${key} is on the technical-name list but not in the catalogue`);
});

test('every key the renderer uses exists, and every key is used', async () => {
  const keys = catalogueKeys(en);
  const uses = await sourceKeyUses();
  const missing = uses.literal.filter((u) => !keys.has(u.key)).map((u) => `${u.file}: ${u.key}`);
  assert.deepEqual(missing, [], 'keys used in the sources but missing from the catalogue');
  const prefixes = uses.prefixes.filter((u) => ![...keys].some((k) => k.startsWith(u.key))).map((u) => `${u.file}: ${u.key}…`);
  assert.deepEqual(prefixes, [], 'key prefixes used in the sources with no key under them');
  const used = new Set(uses.literal.map((u) => u.key));
  const unused = [...keys].filter((k) => !used.has(k) && !uses.prefixes.some((p) => k.startsWith(p.key)));
  assert.deepEqual(unused, [], 'catalogue keys no source uses (remove them, or use them)');
});
