/**
 * Exact Shapley values against results known in closed form or worked by hand,
 * the efficiency (additivity) axiom, one-hot groups, targets and the limit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../../main/api/errors.ts';
import { groupOneHot } from '../../../main/explain/feature-groups.ts';
import { uniformBackground } from '../../../main/explain/kmeans.ts';
import { MAX_EXACT_PLAYERS } from '../../../main/limits.ts';
import { createExactShapley } from '../../../main/explain/shapley-exact.ts';
import { allCoalitions, shapleyFromValues } from '../../../main/explain/shapley.ts';
import type { ModelFn } from '../../../main/explain/types.ts';
import { fnModel, linearModel, randomRows } from './helpers.ts';

const close = (a: number, b: number, tol = 1e-5) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test('linear model: φ_i = w_i·(x_i − E[x_i]) over an independent background, base = f(E[x])', async () => {
  const w = [2, -1, 0.5, 0, 3];
  const model = linearModel(w, 0.7);
  const bgRows = randomRows(30, 5, 1);
  const rows = { x: randomRows(4, 5, 2), n: 4 };
  const result = await createExactShapley(model, { background: uniformBackground({ x: bgRows, n: 30 }) }).attribute(rows);
  const mean = w.map((_, j) => Array.from({ length: 30 }, (_, k) => bgRows[k * 5 + j]).reduce((a, b) => a + b, 0) / 30);
  result.rows.forEach((r, i) => {
    w.forEach((wj, j) => close(r.attributions[j], wj * (rows.x[i * 5 + j] - mean[j])));
    close(r.base, w.reduce((s, wj, j) => s + wj * mean[j], 0.7));
    close(r.additivityGap, 0);
  });
  assert.deepEqual(result.players, ['x0', 'x1', 'x2', 'x3', 'x4']);
});

test('max(x0, x1) + x2² against a zero baseline, worked by hand: φ = (0.5, 2.5, 4)', async () => {
  const model = fnModel(3, (r) => Math.max(r[0], r[1]) + r[2] ** 2);
  const bg = uniformBackground({ x: new Float32Array(3), n: 1 });
  const [row] = (await createExactShapley(model, { background: bg }).attribute({ x: Float32Array.of(1, 3, 2), n: 1 })).rows;
  [0.5, 2.5, 4].forEach((v, j) => close(row.attributions[j], v));
  close(row.base, 0);
  close(row.prediction, 7);
});

test('x0·x1 over a two-row background, worked by hand: v(∅)=0.5, φ = (2.5, 3)', async () => {
  const model = fnModel(2, (r) => r[0] * r[1]);
  const bg = uniformBackground({ x: Float32Array.of(0, 0, 1, 1), n: 2 });
  const [row] = (await createExactShapley(model, { background: bg }).attribute({ x: Float32Array.of(2, 3), n: 1 })).rows;
  close(row.base, 0.5);
  close(row.attributions[0], 2.5);
  close(row.attributions[1], 3);
});

test('the Shapley axioms hold on a random non-linear function: efficiency, symmetry, dummy', () => {
  const M = 5;
  const masks = allCoalitions(M);
  // v depends symmetrically on players 0 and 1, ignores player 4.
  const v = Float64Array.from({ length: 2 ** M }, (_, b) => {
    const z = masks.subarray(b * M, (b + 1) * M);
    return Math.sin(z[0] + z[1]) * (1 + z[2]) + z[3] * z[2] * 2;
  });
  const phi = shapleyFromValues(M, v);
  close(phi.reduce((a, b) => a + b, 0), v[2 ** M - 1] - v[0], 1e-12);
  close(phi[0], phi[1], 1e-12);
  close(phi[4], 0, 1e-12);
});

test('a one-hot block is one player named after its column', async () => {
  const names = ['age', 'colour=blue', 'colour=green', 'colour=red', 'size'];
  const groups = groupOneHot(names);
  const model = linearModel([1, 2, -1, 4, 0.5]);
  const bg = uniformBackground({ x: Float32Array.of(0, 1, 0, 0, 1, 2, 0, 0, 1, 3), n: 2 });
  const row = Float32Array.of(5, 0, 0, 1, 2);
  const result = await createExactShapley(model, { background: bg, groups }).attribute({ x: row, n: 1 });
  assert.deepEqual(result.players, ['age', 'colour', 'size']);
  // colour contributes 4·1 now against E[2·b1 − b2 + 4·b3] = ½(2) + ½(4) = 3.
  close(result.rows[0].attributions[1], 4 - 3);
  close(result.rows[0].attributions[0], 5 - 1);
  close(result.rows[0].additivityGap, 0);
});

function twoClassModel(): ModelFn {
  return {
    features: 2,
    outputs: 2,
    inputShape: [2],
    predict(x, n) {
      const out = new Float32Array(2 * n);
      for (let i = 0; i < n; i++) {
        const p = 1 / (1 + Math.exp(-(x[2 * i] - 2 * x[2 * i + 1])));
        out[2 * i] = 1 - p;
        out[2 * i + 1] = p;
      }
      return out;
    },
  };
}

test('classification explains the predicted class by default, or the class asked for', async () => {
  const model = twoClassModel();
  const ex = createExactShapley(model, { background: uniformBackground({ x: randomRows(10, 2, 3), n: 10 }) });
  const rows = { x: Float32Array.of(3, 0, -3, 0), n: 2 };
  const predicted = await ex.attribute(rows);
  assert.deepEqual(predicted.rows.map((r) => r.target), [1, 0]);
  assert.ok(predicted.rows.every((r) => r.prediction > 0.5));
  const asked = await ex.attribute(rows, { target: 1 });
  assert.deepEqual(asked.rows.map((r) => r.target), [1, 1]);
  // p0 = 1 − p1, so class 0's attributions are class 1's negated.
  close(asked.rows[1].attributions[0], -predicted.rows[1].attributions[0], 1e-6);
  await assert.rejects(ex.attribute(rows, { target: 2 }), (e: ApiError) => e.code === 'invalid_argument' && /class 2 is out of range/.test(e.message));
});

test(`more than ${MAX_EXACT_PLAYERS} features: a clear error naming the count and KernelSHAP`, () => {
  const F = MAX_EXACT_PLAYERS + 3;
  assert.throws(
    () => createExactShapley(linearModel(new Array(F).fill(1)), { background: uniformBackground({ x: new Float32Array(F), n: 1 }) }),
    (e: ApiError) => e.code === 'invalid_argument' && e.message.includes(`${F} features`) && e.message.includes(`limit is ${MAX_EXACT_PLAYERS}`) && /KernelSHAP/.test(e.message),
  );
});

test('progress reaches the total, and a cancelled signal stops the work', async () => {
  const model = linearModel([1, 2, 3]);
  const ex = createExactShapley(model, { background: uniformBackground({ x: randomRows(5, 3, 4), n: 5 }) });
  const seen: [number, number][] = [];
  await ex.attribute({ x: randomRows(2, 3, 5), n: 2 }, { onProgress: (d, t) => seen.push([d, t]) });
  const [done, total] = seen[seen.length - 1];
  assert.equal(done, total);
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(ex.attribute({ x: randomRows(2, 3, 5), n: 2 }, { signal: controller.signal }), { name: 'AbortError' });
});
