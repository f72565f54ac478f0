/** Integrated Gradients: exact on linear models, completeness on smooth and real networks. */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../../main/api/errors.ts';
import { initBackend } from '../../../main/backend/select.ts';
import { groupOneHot } from '../../../main/explain/feature-groups.ts';
import { createIntegratedGradients } from '../../../main/explain/integrated-gradients.ts';
import { diffModel, randomRows, withBreastCancerMlp } from './helpers.ts';

before(async () => {
  delete process.env.MODELBENCH_BACKEND;
  await initBackend(['wasm']);
});

test('a linear model: φ = w ⊙ (x − baseline) with a single step', async () => {
  const w = [2, -1, 0.5];
  const model = diffModel(3, (r) => w[0] * r[0] + w[1] * r[1] + w[2] * r[2], () => w);
  const baseline = Float32Array.of(1, 1, 1);
  const [row] = (await createIntegratedGradients(model, { baseline, steps: 1 }).attribute({ x: Float32Array.of(3, 0, -1), n: 1 })).rows;
  assert.deepEqual(row.attributions, [4, 1, -1]);
  assert.ok(Math.abs(row.additivityGap) < 1e-6);
});

test('completeness on a smooth non-linear function: the gap falls to rounding with Gauss-Legendre', async () => {
  const f = (r: Float32Array) => Math.sin(r[0]) * r[1] + Math.exp(0.3 * r[2]) - r[0] * r[2];
  const grad = (r: Float32Array) => [Math.cos(r[0]) * r[1] - r[2], Math.sin(r[0]), 0.3 * Math.exp(0.3 * r[2]) - r[0]];
  const model = diffModel(3, f, grad);
  const rows = { x: randomRows(5, 3, 1, 2), n: 5 };
  const gap = async (steps: number, quadrature: 'gauss-legendre' | 'riemann-left') =>
    Math.max(...(await createIntegratedGradients(model, { steps, quadrature }).attribute(rows)).rows.map((r) => Math.abs(r.additivityGap)));
  assert.ok((await gap(16, 'gauss-legendre')) < 1e-5);
  assert.ok((await gap(100, 'riemann-left')) < (await gap(10, 'riemann-left')));
});

test('a trained ReLU MLP: completeness gap under 1% at 64 steps and falling with steps; one-hot groups sum', async () => {
  await withBreastCancerMlp(6, 10, async ({ fn, rows: first }) => {
    const rows = first(30);
    const ig = await createIntegratedGradients(fn, { steps: 64 }).attribute(rows);
    assert.ok((ig.details.completenessGap as number) < 0.01, `${ig.details.completenessGap}`);
    const worst = await Promise.all([16, 64, 256].map(async (steps) => (await createIntegratedGradients(fn, { steps }).attribute(rows)).details.maxRelativeCompletenessGap as number));
    assert.ok(worst[0] > worst[1] && worst[1] > worst[2] && worst[2] < 0.02, `${worst}`);
    // Treat columns 1-2 as one group: its attribution is the sum of theirs.
    const groups = groupOneHot(['a', 'b=1', 'b=2', 'c', 'd', 'e']);
    const grouped = await createIntegratedGradients(fn, { steps: 64, groups }).attribute(first(1));
    assert.deepEqual(grouped.players, ['a', 'b', 'c', 'd', 'e']);
    assert.ok(Math.abs(grouped.rows[0].attributions[1] - (ig.rows[0].attributions[1] + ig.rows[0].attributions[2])) < 1e-6);
  });
});

test('bad settings are clear errors', () => {
  const model = diffModel(2, () => 0, () => [0, 0]);
  assert.throws(() => createIntegratedGradients(model, { steps: 0 }), (e: ApiError) => /steps must be/.test(e.message));
  assert.throws(() => createIntegratedGradients(model, { baseline: new Float32Array(3) }), (e: ApiError) => /baseline has 3 values/.test(e.message));
});
