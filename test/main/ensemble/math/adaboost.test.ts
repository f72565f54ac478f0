import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initialSampleWeights, sammeStage, trainerSampleWeights } from '../../../../main/ensemble/math/adaboost.ts';

const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-12, `${what}: ${a} vs ${b}`);

/**
 * Hand-computed, 3 classes, 6 rows with labels 0 0 1 1 2 2.
 * Stage 1: uniform weights 1/6; the member misses rows 4 and 5.
 *   err = 2/6 = 1/3;  α = log((2/3)/(1/3)) + log(2) = log 4
 *   missed rows: 1/6 · 4 = 2/3;  total = 4/6 + 4/3 = 2  →  right rows 1/12, missed rows 1/3.
 * Stage 2: the member misses rows 0 and 4.
 *   err = 1/12 + 1/3 = 5/12;  α = log((7/12)/(5/12)) + log 2 = log(14/5)
 *   row 0: 1/12 · 14/5 = 7/30;  row 4: 1/3 · 14/5 = 14/15;  others unchanged (1/12, 1/12, 1/12, 1/3)
 *   total = 7/30 + 3/12 + 14/15 + 1/3 = 7/30 + 1/4 + 28/30 + 10/30 = 45/30 + 1/4 = 7/4
 *   → [2/15, 1/21, 1/21, 1/21, 8/15, 4/21]
 */
test('SAMME sample weights and member weights match the hand-computed example', () => {
  const labels = [0, 0, 1, 1, 2, 2];
  const w0 = initialSampleWeights(6);
  const s1 = sammeStage(w0, [0, 0, 1, 1, 0, 1], labels, 3);
  close(s1.error, 1 / 3, 'err 1');
  close(s1.alpha, Math.log(4), 'α 1');
  [1 / 12, 1 / 12, 1 / 12, 1 / 12, 1 / 3, 1 / 3].forEach((w, i) => close(s1.sampleWeights[i], w, `w1[${i}]`));
  assert.equal(s1.stop, null);

  const s2 = sammeStage(s1.sampleWeights, [1, 0, 1, 1, 1, 2], labels, 3);
  close(s2.error, 5 / 12, 'err 2');
  close(s2.alpha, Math.log(14 / 5), 'α 2');
  [2 / 15, 1 / 21, 1 / 21, 1 / 21, 8 / 15, 4 / 21].forEach((w, i) => close(s2.sampleWeights[i], w, `w2[${i}]`));
  close(s2.sampleWeights.reduce((a, b) => a + b, 0), 1, 'weights sum to 1');
});

test('the learning rate scales α and so the weight update', () => {
  const s = sammeStage(initialSampleWeights(6), [0, 0, 1, 1, 0, 1], [0, 0, 1, 1, 2, 2], 3, 0.5);
  close(s.alpha, 0.5 * Math.log(4), 'α');
  // missed rows × 2 (= e^{α}); total = 4/6 + 2·2/6 = 4/3 → right 1/8, missed 1/4.
  [1 / 8, 1 / 8, 1 / 8, 1 / 8, 1 / 4, 1 / 4].forEach((w, i) => close(s.sampleWeights[i], w, `w[${i}]`));
});

test('stopping rules: no better than chance, and perfect', () => {
  // K = 3: chance error is 2/3. Missing 4 of 6 rows is exactly chance.
  const chance = sammeStage(initialSampleWeights(6), [1, 1, 2, 2, 2, 2], [0, 0, 1, 1, 2, 2], 3);
  assert.equal(chance.stop, 'worse_than_chance');
  assert.equal(chance.alpha, 0);
  // Binary: chance is 1/2.
  assert.equal(sammeStage(initialSampleWeights(4), [1, 0, 0, 0], [0, 1, 0, 0], 2).stop, 'worse_than_chance');
  assert.equal(sammeStage(initialSampleWeights(4), [1, 1, 0, 0], [0, 1, 0, 0], 2).stop, null);
  const perfect = sammeStage(initialSampleWeights(3), [0, 1, 2], [0, 1, 2], 3);
  assert.deepEqual([perfect.stop, perfect.error, perfect.alpha], ['perfect', 0, 1]);
});

test('rows with zero weight stay at zero; bad input is refused', () => {
  const s = sammeStage(Float64Array.of(0, 0.5, 0.5), [1, 0, 0], [0, 0, 1], 2, 1);
  assert.equal(s.sampleWeights[0], 0);
  assert.throws(() => sammeStage(Float64Array.of(0.5, 0.5), [0], [0, 1], 2), { code: 'invalid_argument' });
  assert.throws(() => sammeStage(Float64Array.of(-1, 2), [0, 1], [0, 1], 2), { code: 'invalid_argument', message: /sample weight 0 is -1/ });
  assert.throws(() => sammeStage(Float64Array.of(1, 1), [0, 1], [0, 1], 1), { code: 'invalid_argument', message: /at least 2 classes/ });
  assert.throws(() => initialSampleWeights(0), { code: 'invalid_argument' });
});

test('trainer sample weights have mean 1', () => {
  const w = trainerSampleWeights(Float64Array.of(0.1, 0.2, 0.3, 0.4));
  assert.deepEqual(Array.from(w), [0.4000000059604645, 0.800000011920929, 1.2000000476837158, 1.600000023841858]);
});
