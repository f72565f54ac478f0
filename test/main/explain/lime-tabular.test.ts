/** LIME for tables: local fidelity near 1 on a linear model, sparse surrogates, clear errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../../main/api/errors.ts';
import { createLimeTabular } from '../../../main/explain/lime-tabular.ts';
import { fnModel, linearModel, randomRows } from './helpers.ts';

const scaling = { center: [1, -2, 0, 5], scale: [2, 0.5, 1, 10] };
const w = [0.5, -3, 1, 0.2];

test('on a linear model the surrogate is the model: fidelity ≈ 1, attributions w·(x − μ), base f(μ)', async () => {
  const model = linearModel(w, 4);
  const rows = { x: randomRows(3, 4, 1, 3), n: 3 };
  const result = await createLimeTabular(model, { scaling, samples: 500 }).attribute(rows, { seed: 1 });
  const fidelity = result.details.fidelity as number[];
  assert.equal(fidelity.length, 3);
  assert.ok(fidelity.every((r2) => r2 > 0.9999), `${fidelity}`);
  result.rows.forEach((r, i) => {
    w.forEach((wj, j) => assert.ok(Math.abs(r.attributions[j] - wj * (rows.x[i * 4 + j] - scaling.center[j])) < 1e-3, `${r.attributions[j]}`));
    assert.ok(Math.abs(r.base - (4 + w.reduce((s, wj, j) => s + wj * scaling.center[j], 0))) < 1e-3);
    assert.ok(Math.abs(r.additivityGap) < 1e-3);
  });
});

test('K features: the surrogate keeps the K that move the output most and says how faithful it is', async () => {
  // In standardised units the effects are w·scale = (1, −1.5, 1, 2): K = 2 keeps x3 and x1.
  const model = linearModel(w);
  const result = await createLimeTabular(model, { scaling, samples: 800, maxFeatures: 2 }).attribute({ x: Float32Array.of(3, 0, 1, 15), n: 1 }, { seed: 2 });
  const nonZero = result.rows[0].attributions.map((a, j) => (a !== 0 ? j : -1)).filter((j) => j >= 0);
  assert.deepEqual(nonZero, [1, 3]);
  const r2 = (result.details.fidelity as number[])[0];
  assert.ok(r2 > 0.5 && r2 < 0.95, `${r2}`);
});

test('a curved model is less faithful to a line the wider the kernel', async () => {
  const model = fnModel(2, (r) => Math.sin(2 * r[0]) + r[1] ** 2);
  const s2 = { center: [0, 0], scale: [1, 1] };
  const row = { x: Float32Array.of(0.3, 0.5), n: 1 };
  const narrow = await createLimeTabular(model, { scaling: s2, kernelWidth: 0.1, spread: 0.2 }).attribute(row, { seed: 1 });
  const wide = await createLimeTabular(model, { scaling: s2, kernelWidth: 5 }).attribute(row, { seed: 1 });
  const [a, b] = [narrow, wide].map((e) => (e.details.fidelity as number[])[0]);
  assert.ok(a > 0.95 && b < a, `narrow ${a}, wide ${b}`);
});

test('bad settings are clear errors', () => {
  const model = linearModel(w);
  assert.throws(() => createLimeTabular(model, { scaling: { center: [0], scale: [1] } }), (e: ApiError) => e.code === 'invalid_argument' && /1 centres/.test(e.message));
  assert.throws(() => createLimeTabular(model, { scaling, maxFeatures: 9 }), (e: ApiError) => /K must be 1\.\.4/.test(e.message));
  assert.throws(() => createLimeTabular(model, { scaling: { ...scaling, scale: [1, 0, 1, 1] } }), (e: ApiError) => /scale/.test(e.message));
});

test('a one-hot block is one categorical player: every sample holds a real category, drawn at its training frequency', async () => {
  // Columns: x (numeric), then colour=blue, colour=green, colour=red as preprocessed (standardised) values.
  const hot = [1.6, 1.2, 0.8];
  const cold = [-0.6, -0.8, -1.2];
  const freq = [0.2, 0.3, 0.5];
  const categoryRows = { x: new Float32Array(100 * 4), n: 100 };
  for (let i = 0; i < 100; i++) {
    const c = i < 20 ? 0 : i < 50 ? 1 : 2;
    categoryRows.x.set([(i % 7) - 3, ...[0, 1, 2].map((k) => (k === c ? hot[k] : cold[k]))], i * 4);
  }
  const seen: number[][] = [];
  // The model: 2·[red] + 0.5·x, recording every input row it is asked about.
  const model = fnModel(4, (r) => {
    seen.push(Array.from(r));
    return 2 * +(Math.fround(r[3]) === Math.fround(hot[2])) + 0.5 * r[0];
  });
  const groups = { names: ['x', 'colour'], columns: [[0], [1, 2, 3]] };
  const row = Float32Array.of(1, cold[0], cold[1], hot[2]); // a red row
  const result = await createLimeTabular(model, { scaling: { center: [0, 0, 0, 0], scale: [2, 1, 1, 1] }, groups, categoryRows, samples: 2000 }).attribute({ x: row, n: 1 }, { seed: 3 });
  assert.deepEqual(result.players, ['x', 'colour']);
  assert.equal(result.details.categorical, 1);
  const drawn = [0, 0, 0];
  for (const r of seen.slice(1)) {
    const k = [0, 1, 2].findIndex((c) => [0, 1, 2].every((j) => Math.fround(r[1 + j]) === Math.fround(j === c ? hot[j] : cold[j])));
    assert.ok(k >= 0, `a sampled block that is no category: ${r.slice(1)}`);
    drawn[k]++;
  }
  const total = drawn.reduce((a, b) => a + b, 0);
  drawn.forEach((d, k) => assert.ok(Math.abs(d / total - freq[k]) < 0.04, `category ${k}: ${d / total} vs ${freq[k]}`));
  // The surrogate is exact here: 2·[same colour as the row] + 0.5·2·z. Colour's share is measured from a random category (half are red).
  const [ax, acolour] = result.rows[0].attributions;
  assert.ok(Math.abs(acolour - 2 * (1 - 0.5)) < 1e-6, `colour ${acolour}`);
  assert.ok(Math.abs(ax - 0.5) < 1e-6, `x ${ax}`);
  assert.ok((result.details.fidelity as number[])[0] > 0.9999);
  assert.ok(Math.abs(result.rows[0].additivityGap) < 1e-6);
});

test('one-hot blocks without training rows to draw from, or K past the players, are clear errors', () => {
  const groups = { names: ['a', 'b'], columns: [[0, 1], [2, 3]] };
  assert.throws(() => createLimeTabular(linearModel(w), { scaling, groups }), (e: ApiError) => e.code === 'invalid_argument' && /training rows/.test(e.message));
  assert.throws(() => createLimeTabular(linearModel(w), { scaling, groups, categoryRows: { x: new Float32Array(4), n: 1 }, maxFeatures: 3 }), (e: ApiError) => /K must be 1\.\.2/.test(e.message));
});
