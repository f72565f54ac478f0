import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyRecipe, fitRecipe, fitTargetScaling, scaleTargets, unscaleTargets } from '../../../main/data/preprocess.ts';
import { loadSample } from '../../../main/data/samples.ts';

const close = (a: number, b: number, tol = 1e-5): void => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);
const all = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i);

test('standardize on iris: per-feature mean 0 and std 1 after applying', () => {
  const d = loadSample('iris');
  const recipe = fitRecipe('standardize', d.x, d.inputShape, all(150));
  assert.equal(recipe.axis, 'feature');
  assert.equal(recipe.center.length, 4);
  close(recipe.center[0], 5.8433, 1e-3); // sepal length mean
  const out = applyRecipe(recipe, d.x, d.inputShape);
  assert.notEqual(out, d.x);
  for (let f = 0; f < 4; f++) {
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < 150; i++) {
      s += out[i * 4 + f];
      s2 += out[i * 4 + f] ** 2;
    }
    close(s / 150, 0);
    close(s2 / 150, 1, 1e-4);
  }
});

test('fits only on the given rows', () => {
  const x = Float32Array.from([1, 10, 3, 30, 100, 1000]); // 3 rows x 2 features
  const r = fitRecipe('standardize', x, [2], Int32Array.from([0, 1]));
  assert.deepEqual(r.center, [2, 20]);
  assert.deepEqual(r.scale, [1, 10]);
  const m = fitRecipe('minmax', x, [2], Int32Array.from([0, 1]));
  assert.deepEqual(m.center, [1, 10]);
  assert.deepEqual(m.scale, [2, 20]);
});

test('images get one center/scale per channel', () => {
  // 2 samples of [1, 2, 2]: channel 0 = 0,2,4,6 ; channel 1 = 10 always
  const x = Float32Array.from([0, 10, 2, 10, 4, 10, 6, 10]);
  const r = fitRecipe('minmax', x, [1, 2, 2], all(2));
  assert.equal(r.axis, 'channel');
  assert.deepEqual(r.center, [0, 10]);
  assert.deepEqual(r.scale, [6, 1]); // constant channel → scale 1
  assert.deepEqual(Array.from(applyRecipe(r, x, [1, 2, 2])), [0, 0, 2 / 6, 0, 4 / 6, 0, 1, 0].map(Math.fround));
  const s = fitRecipe('standardize', x, [1, 2, 2], all(2));
  assert.deepEqual(s.center, [3, 10]);
  close(s.scale[0], Math.sqrt(5));
  assert.equal(s.scale[1], 1);
});

test('none is the identity; recipe/shape mismatch is refused', () => {
  const d = loadSample('digits');
  const r = fitRecipe('none', d.x, d.inputShape, all(10));
  assert.deepEqual(r, { method: 'none', axis: 'channel', center: [0], scale: [1] });
  assert.deepEqual(applyRecipe(r, d.x, d.inputShape), d.x);
  assert.throws(() => applyRecipe(r, d.x, [64]), /needs 64/);
  assert.throws(() => fitRecipe('standardize', d.x, d.inputShape, new Int32Array(0)), /empty training split/);
});

test('regression targets: standardised on the training rows only, and mapped back exactly', () => {
  const y = Float32Array.from([100, 200, 300, 400, 10_000]);
  // Row 4 (an outlier) is not a training row: it must not move the statistics.
  const t = fitTargetScaling('standardize', y, Int32Array.from([0, 1, 2, 3]));
  assert.equal(t.method, 'standardize');
  assert.equal(t.center, 250);
  close(t.scale, Math.sqrt(12500));
  const scaled = scaleTargets(t, y);
  close(scaled[0]!, -150 / Math.sqrt(12500));
  const back = unscaleTargets(t, scaled);
  y.forEach((v, i) => close(back[i]!, v, 1e-3));
  assert.deepEqual(fitTargetScaling('none', y, all(5)), { method: 'none', center: 0, scale: 1 });
  // A constant target keeps scale 1 (no division by zero).
  assert.deepEqual(fitTargetScaling('standardize', Float32Array.from([7, 7, 7]), all(3)), { method: 'standardize', center: 7, scale: 1 });
});
