/**
 * KernelSHAP converges to the exact Shapley values: exactly at the full budget,
 * with an error that falls as coalitions grow, and under 5% relative on a
 * 10-feature MLP trained on breast-cancer columns at a budget a user can wait
 * for. Additivity holds exactly at every budget.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../../../main/backend/select.ts';
import { createKernelShap } from '../../../main/explain/kernel-shap.ts';
import { uniformBackground } from '../../../main/explain/kmeans.ts';
import { createExactShapley } from '../../../main/explain/shapley-exact.ts';
import { fnModel, linearModel, randomRows, relativeError, withBreastCancerMlp } from './helpers.ts';

before(async () => {
  delete process.env.MODELBENCH_BACKEND;
  await initBackend(['wasm']);
});

// A non-linear function of 10 features with interactions, so sampling error is visible.
const F = 10;
const model = fnModel(F, (r) => Math.tanh(r[0] + 0.5 * r[1] - r[2]) + r[3] * r[4] + 0.3 * Math.abs(r[5]) * r[6] + 0.1 * r[7] - 0.2 * r[8] * r[9]);
const background = uniformBackground({ x: randomRows(16, F, 11), n: 16 });
const rows = { x: randomRows(6, F, 12), n: 6 };

test('with every coalition KernelSHAP returns the exact Shapley values', async () => {
  const exact = await createExactShapley(model, { background }).attribute(rows);
  const kernel = await createKernelShap(model, { background, samples: 2 ** F - 2 }).attribute(rows);
  assert.ok(relativeError(kernel, exact) < 1e-6, `${relativeError(kernel, exact)}`);
});

test('the error against exact falls as the budget grows, and additivity holds exactly at every budget', async () => {
  const exact = await createExactShapley(model, { background }).attribute(rows);
  const errors: number[] = [];
  for (const samples of [40, 150, 500]) {
    let sum = 0;
    for (const seed of [1, 2, 3]) {
      const kernel = await createKernelShap(model, { background, samples }).attribute(rows, { seed });
      sum += relativeError(kernel, exact);
      for (const r of kernel.rows) assert.ok(Math.abs(r.additivityGap) < 1e-9, `gap ${r.additivityGap} at ${samples}`);
      assert.equal(kernel.details.coalitions, samples);
    }
    errors.push(sum / 3);
  }
  assert.ok(errors[0] > errors[1] && errors[1] > errors[2], `errors ${errors.map((e) => e.toFixed(4)).join(' > ')}`);
  assert.ok(errors[2] < 0.05, `${errors[2]}`);
});

test('40 features, far past exact: a linear model is still recovered exactly from 200 coalitions', async () => {
  // v(z) is linear in z for a linear model, so the weighted regression fits it exactly from any coalitions.
  const w = Array.from({ length: 40 }, (_, j) => Math.sin(j + 1));
  const bgRows = randomRows(8, 40, 3);
  const bg = uniformBackground({ x: bgRows, n: 8 });
  const x = randomRows(2, 40, 4);
  const result = await createKernelShap(linearModel(w), { background: bg, samples: 200 }).attribute({ x, n: 2 }, { seed: 1 });
  result.rows.forEach((r, i) =>
    w.forEach((wj, j) => {
      const mean = Array.from({ length: 8 }, (_, k) => bgRows[k * 40 + j]).reduce((a, b) => a + b, 0) / 8;
      assert.ok(Math.abs(r.attributions[j] - wj * (x[i * 40 + j] - mean)) < 1e-4, `row ${i} feature ${j}`);
    }),
  );
});

test('the same seed gives the same attributions', async () => {
  const ks = createKernelShap(model, { background, samples: 100 });
  assert.deepEqual(await ks.attribute(rows, { seed: 4 }), await ks.attribute(rows, { seed: 4 }));
});

test('a 10-feature MLP on breast cancer: under 5% relative error against exact at 400 coalitions', async () => {
  await withBreastCancerMlp(10, 15, async ({ fn, rows: first, background }) => {
    const bg = background(10);
    const explained = first(20);
    const exact = await createExactShapley(fn, { background: bg }).attribute(explained);
    const kernel = await createKernelShap(fn, { background: bg, samples: 400 }).attribute(explained, { seed: 1 });
    const err = relativeError(kernel, exact);
    assert.ok(err < 0.05, `relative error ${err}`);
    for (const r of kernel.rows) assert.ok(Math.abs(r.additivityGap) < 1e-5, `${r.additivityGap}`);
    // Explained: the predicted class's probability, with base the mean over the background.
    assert.ok(kernel.rows.every((r) => r.prediction >= 0.5 && r.base > 0 && r.base < 1));
  });
});
