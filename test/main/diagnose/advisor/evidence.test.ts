/**
 * Code-based evidence (main/diagnose/advisor/evidence.ts): every finding's
 * English evidence is its template filled with its parameters, every template
 * placeholder has a display style, and the findings of many broken runs use
 * most templates with every placeholder given.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EVIDENCE, fillTemplate, formatParam, PARAM_STYLE, type EvidenceKey } from '../../../../main/diagnose/advisor/evidence.ts';
import { advise } from '../../../../main/diagnose/advisor/index.ts';
import type { Finding } from '../../../../main/diagnose/advisor/types.ts';
import { config, curves, dense, epochs, healthyTrain, range } from './fixtures.ts';

const placeholdersOf = (template: string) => [...template.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]);

test('every placeholder of every template has a display style', () => {
  for (const [key, template] of Object.entries(EVIDENCE)) {
    for (const name of placeholdersOf(template)) assert.ok(name in PARAM_STYLE, `${key}: {{${name}}} has no style`);
  }
  assert.equal(formatParam('ratio', 0.00012345), '1.2e-4');
  assert.equal(formatParam('loss', 0.693147), '0.693');
  assert.equal(formatParam('share', 0.456), '46%');
  assert.equal(formatParam('epoch', 7), '7');
  assert.equal(formatParam('value', NaN), 'NaN');
});

test('findings of broken runs: the English evidence is the template of their key, filled with their parameters', () => {
  const MLP = config([dense(32), dense(32)]);
  const head = { layer: 'head', activation: 'softmax', deadFraction: null };
  const found: Finding[] = [
    ...advise({ curves: curves(range(20).map((e) => 0.7 * Math.exp(-0.25 * e)), range(20).map((e) => (e <= 7 ? 0.7 - 0.06 * e : 0.28 + 0.025 * (e - 7)))), config: MLP, baselineLoss: 0.69 }),
    ...advise({ curves: curves([0.7, 0.9, 3, NaN]), config: MLP }),
    ...advise({ curves: curves(range(16).map((e) => 0.5 + 0.2 * (e % 2) - 0.005 * e)) }),
    ...advise({ curves: curves([0.7, 0.8, 1.2, 2, 3]) }),
    ...advise({ curves: curves([8.8, 10.3, 10.1, 10.2, 10.3, 10.3]), diagnostics: epochs(6, () => [{ layer: 'dense_1', gradRms: 0 }, { ...head, gradRms: 0 }]), baselineLoss: 0.66 }),
    ...advise({ curves: curves(range(20).map((e) => 0.7 - 0.004 * e)), baselineLoss: 0.69 }),
    ...advise({ curves: curves(range(12).map((e) => 0.6 - 0.02 * Math.min(e, 3))), baselineLoss: 0.69 }),
    ...advise({ curves: curves(healthyTrain.slice(0, 10)), diagnostics: epochs(10, () => [...range(3).map((i) => ({ layer: `dense_${i + 1}`, activation: 'sigmoid', deadFraction: null, gradRms: 1e-8 * 10 ** i })), { ...head, gradRms: 1e-2 }]) }),
    ...advise({ curves: curves(healthyTrain.slice(0, 6)), diagnostics: epochs(6, (e) => [{ layer: 'dense_1', gradRms: 0.01 * 8 ** e }, { ...head, gradRms: 0.01 * 8 ** e }]) }),
    ...advise({ curves: curves(healthyTrain.slice(0, 5)), diagnostics: epochs(5, () => [{ layer: 'dense_1', gradRms: 5 }, { layer: 'dense_2', gradRms: 0.5 }, { ...head, gradRms: 0.01 }]) }),
    ...advise({ curves: curves(healthyTrain.slice(0, 8)), diagnostics: epochs(8, (e) => [{ layer: 'dense_2', deadFraction: e >= 3 ? 0.7 : 0.2 }, { ...head, gradRms: 0.05 }]) }),
    ...advise({ curves: curves(healthyTrain.slice(0, 4)), diagnostics: epochs(4, () => [{ layer: 'dense_1', activation: 'tanh', deadFraction: null, saturatedFraction: 0.95 }]) }),
  ];
  const keys = new Set<EvidenceKey>();
  for (const f of found) {
    const template = EVIDENCE[f.reason.key];
    for (const name of placeholdersOf(template)) assert.ok(name in f.reason.params, `${f.code} ${f.reason.key}: no {{${name}}}`);
    assert.equal(f.evidence, fillTemplate(template, f.reason.params, formatParam), f.code);
    keys.add(f.reason.key);
  }
  // Most templates are exercised here (the rest are variants of these: a layer named or not, validation measured or not).
  assert.ok(keys.size >= 12, `only ${[...keys].join(', ')}`);
});
