/** From explain requests to settings (main/explain/settings.ts): resolution, defaults, refusals, the reuse key. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExplainRequest, type ExplainRequestInput } from '../../../main/explain/request.ts';
import { DEFAULT_BACKGROUND, DEFAULT_IMAGE_ROWS, DEFAULT_TABLE_ROWS, playersOf, resolveExplainSettings, settingsKey, type RunFacts } from '../../../main/explain/settings.ts';
import { MAX_EXACT_PLAYERS, MAX_EXPLAIN_IMAGE_ROWS, MAX_EXPLAIN_ROWS } from '../../../main/limits.ts';

const table = (features: string[]): RunFacts => ({
  runName: 'r', task: 'classification', inputShape: [features.length], featureNames: features, classes: ['a', 'b'], splitSizes: { val: 50, test: 0 },
});
const image: RunFacts = { runName: 'img', task: 'classification', inputShape: [8, 8, 1], featureNames: [], classes: ['0', '1'], splitSizes: { val: 300, test: 300 } };
const names = (n: number) => Array.from({ length: n }, (_, j) => `f${j}`);
const resolve = (req: Omit<ExplainRequestInput, 'runId'>, facts: RunFacts) => resolveExplainSettings(ExplainRequest.parse({ runId: 'r', ...req }), facts);
const refuses = (req: Omit<ExplainRequestInput, 'runId'>, facts: RunFacts, re: RegExp) =>
  assert.throws(() => resolve(req, facts), (e: Error & { code?: string }) => e.code === 'invalid_argument' && re.test(e.message));

test("'shap' is exact up to 12 players (one-hot blocks count once), KernelSHAP beyond, GradientSHAP on images", () => {
  assert.equal(resolve({ method: 'shap' }, table(names(MAX_EXACT_PLAYERS))).method, 'exact-shapley');
  assert.equal(resolve({ method: 'shap' }, table(names(MAX_EXACT_PLAYERS + 1))).method, 'kernel-shap');
  // 11 numeric columns + a 5-valued text column one-hot encoded = 12 players, not 16 columns.
  const oneHot = [...names(11), 'colour=a', 'colour=b', 'colour=c', 'colour=d', 'colour=e'];
  assert.equal(playersOf(table(oneHot)).names.length, 12);
  assert.equal(resolve({ method: 'shap' }, table(oneHot)).method, 'exact-shapley');
  assert.equal(resolve({ method: 'shap' }, image).method, 'gradient-shap');
  assert.equal(resolve({ method: 'lime' }, image).method, 'lime-image');
  assert.equal(resolve({ method: 'lime' }, table(names(3))).method, 'lime');
});

test('defaults: rows, background, seed, permutation metric and repeats', () => {
  const s = resolve({ method: 'kernel-shap' }, table(names(20)));
  assert.deepEqual(s, { method: 'kernel-shap', requested: 'kernel-shap', split: 'val', first: 0, count: Math.min(DEFAULT_TABLE_ROWS, 50), target: 'predicted', background: DEFAULT_BACKGROUND, options: { seed: 0 } });
  assert.equal(resolve({ method: 'integrated-gradients' }, image).count, DEFAULT_IMAGE_ROWS);
  assert.equal(resolve({ method: 'integrated-gradients' }, image).background, 0);
  const p = resolve({ method: 'permutation' }, { ...table(names(3)), splitSizes: { val: 5000, test: 0 } });
  assert.deepEqual([p.count, p.options.metric, p.options.repeats, p.target], [MAX_EXPLAIN_ROWS, 'accuracy', 5, 'predicted']);
  assert.deepEqual(resolve({ method: 'shap', row: 7, class: 1 }, table(names(3))), { ...resolve({ method: 'shap' }, table(names(3))), first: 7, count: 1, target: 1 });
});

test('refusals say what to do', () => {
  refuses({ method: 'exact-shapley' }, table(names(13)), /2\^13 coalitions for 13 features; the limit is 12/);
  refuses({ method: 'occlusion' }, table(names(3)), /occlusion explains images/);
  refuses({ method: 'kernel-shap' }, image, /kernel-shap explains tables.*use integrated-gradients, gradient-shap, occlusion or lime/);
  refuses({ method: 'permutation' }, image, /permutation explains tables/);
  refuses({ method: 'shap', row: 50 }, table(names(3)), /row 50 is out of range: the validation split of run 'r' has 50 rows \(0\.\.49\)/);
  refuses({ method: 'shap', split: 'test' }, table(names(3)), /has no test rows/);
  refuses({ method: 'shap', class: 2 }, table(names(3)), /class 2 is out of range: the run's dataset has 2 classes \(0 a, 1 b\)/);
  refuses({ method: 'shap', class: 0 }, { ...table(names(3)), task: 'regression', classes: [] }, /class applies to classification/);
  refuses({ method: 'permutation', class: 0 }, table(names(3)), /permutation importance scores the model on all classes/);
  refuses({ method: 'permutation', row: 1 }, table(names(3)), /give rows \(a count\), not row/);
  refuses({ method: 'permutation', options: { metric: 'r2' } }, table(names(3)), /metric 'r2' does not apply to classification/);
  refuses({ method: 'lime', options: { steps: 3 } }, table(names(3)), /option 'steps' does not apply to lime \(it applies to integrated-gradients\)/);
  refuses({ method: 'occlusion', rows: MAX_EXPLAIN_IMAGE_ROWS + 1 }, image, /rows is at most 64 for images/);
  assert.throws(() => ExplainRequest.parse({ runId: 'r', method: 'shap', rows: 2, row: 1 }), /not both/);
});

test('the reuse key is equal for equal settings, whatever the key order, and differs otherwise', () => {
  const a = resolve({ method: 'kernel-shap', options: { samples: 100, seed: 3 } }, table(names(20)));
  const b = { ...a, options: { seed: 3, samples: 100 } };
  assert.equal(settingsKey(a), settingsKey(b));
  assert.notEqual(settingsKey(a), settingsKey({ ...a, options: { ...a.options, seed: 4 } }));
  assert.notEqual(settingsKey(a), settingsKey({ ...a, count: a.count - 1 }));
  assert.match(settingsKey(a), /^[0-9a-f]{32}$/);
});
