/** GradientSHAP: exact on linear models, additive in expectation on a real network. */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../../../main/backend/select.ts';
import { createGradientShap } from '../../../main/explain/gradient-shap.ts';
import { uniformBackground } from '../../../main/explain/kmeans.ts';
import { diffModel, randomRows, withBreastCancerMlp } from './helpers.ts';

before(async () => {
  delete process.env.MODELBENCH_BACKEND;
  await initBackend(['wasm']);
});

const w = [1.5, -2, 0.5];
const linear = diffModel(3, (r) => w[0] * r[0] + w[1] * r[1] + w[2] * r[2], () => w);

test('a linear model over a one-row background: φ = w ⊙ (x − b) exactly, base f(b)', async () => {
  const bg = uniformBackground({ x: Float32Array.of(1, 0, -1), n: 1 });
  const [row] = (await createGradientShap(linear, { background: bg, samples: 7 }).attribute({ x: Float32Array.of(2, 2, 2), n: 1 })).rows;
  [1.5, -4, 1.5].forEach((v, j) => assert.ok(Math.abs(row.attributions[j] - v) < 1e-6));
  assert.ok(Math.abs(row.base - (1.5 - 0.5)) < 1e-6);
  assert.ok(Math.abs(row.additivityGap) < 1e-5);
});

test('a linear model over a wide background: attributions approach w ⊙ (x − E[b]) as samples grow', async () => {
  const bgRows = randomRows(200, 3, 1);
  const bg = uniformBackground({ x: bgRows, n: 200 });
  const mean = [0, 1, 2].map((j) => Array.from({ length: 200 }, (_, k) => bgRows[k * 3 + j]).reduce((a, b) => a + b, 0) / 200);
  const x = Float32Array.of(1, 1, 1);
  const err = async (samples: number) => {
    const [row] = (await createGradientShap(linear, { background: bg, samples }).attribute({ x, n: 1 }, { seed: 3 })).rows;
    return w.reduce((s, wj, j) => s + Math.abs(row.attributions[j] - wj * (x[j] - mean[j])), 0);
  };
  assert.ok((await err(1000)) < (await err(10)));
  assert.ok((await err(1000)) < 0.1);
});

test('a trained MLP: the additivity gap falls with samples, under 2% of the change at 1000; seeded', async () => {
  await withBreastCancerMlp(8, 10, async ({ fn, rows: first, background }) => {
    const bg = background(20);
    const rows = first(20);
    const gaps: number[] = [];
    for (const samples of [50, 200, 1000]) {
      const result = await createGradientShap(fn, { background: bg, samples }).attribute(rows, { seed: 1 });
      gaps.push(result.rows.reduce((s, r) => s + Math.abs(r.additivityGap), 0) / result.rows.reduce((s, r) => s + Math.abs(r.prediction - r.base), 0));
    }
    assert.ok(gaps[0] > gaps[1] && gaps[1] > gaps[2] && gaps[2] < 0.02, `relative additivity gaps ${gaps}`);
    const gs = createGradientShap(fn, { background: bg, samples: 30 });
    assert.deepEqual(await gs.attribute(rows, { seed: 2 }), await gs.attribute(rows, { seed: 2 }));
  });
});
