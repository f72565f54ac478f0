import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitRidge } from '../../../../main/ensemble/math/ridge.ts';
import type { MetaData } from '../../../../main/ensemble/math/meta.ts';
import { createRng } from '../../../../main/util/rng.ts';

const data = (features: number[], cols: number, targets: number[]): MetaData => ({
  features: Float32Array.from(features), rows: targets.length, cols, targets, task: 'regression', outputs: 1,
});

const close = (a: number, b: number, what: string, tol = 1e-6) => assert.ok(Math.abs(a - b) < tol, `${what}: ${a} vs ${b}`);

/** x = 1..4, y = 2, 3, 5, 8: x̄ = 2.5, ȳ = 4.5, Sxx = 5, Sxy = 10, so w = Sxy / (Sxx + α) and b = ȳ − x̄·w. */
test('one feature: w = Sxy / (Sxx + α), the intercept unpenalised', () => {
  const d = data([1, 2, 3, 4], 1, [2, 3, 5, 8]);
  for (const alpha of [0, 1, 10]) {
    const layer = fitRidge(d, { alpha });
    const w = 10 / (5 + alpha);
    close(layer.kernel[0], w, `w (α=${alpha})`);
    close(layer.bias[0], 4.5 - 2.5 * w, `b (α=${alpha})`);
  }
});

test('without a penalty, noise-free linear data are recovered exactly', () => {
  const rng = createRng(4);
  const rows = 30;
  const truth = [1.5, -2, 0.25];
  const features = Array.from({ length: rows * 3 }, () => rng.normal());
  const targets = Array.from({ length: rows }, (_, r) => 0.75 + truth.reduce((s, w, j) => s + w * features[r * 3 + j], 0));
  const layer = fitRidge(data(features, 3, targets), { alpha: 0 });
  truth.forEach((w, j) => close(layer.kernel[j], w, `w${j}`, 1e-5));
  close(layer.bias[0], 0.75, 'b', 1e-5);
  assert.equal(layer.activation, 'linear');
});

test('collinear features: refused without a penalty, solved with one', () => {
  const d = data([1, 2, 2, 4, 3, 6], 2, [1, 2, 3]);
  assert.throws(() => fitRidge(d, { alpha: 0 }), { code: 'invalid_argument', message: /collinear.*use a ridge alpha > 0/ });
  const layer = fitRidge(d, { alpha: 0.1 });
  // Symmetric in the penalty: the weight splits in proportion to the columns' scale (w2 = 2·w1).
  close(layer.kernel[1], 2 * layer.kernel[0], 'w2 = 2·w1');
  assert.throws(() => fitRidge(d, { alpha: -1 }), { code: 'invalid_argument' });
});

test("several targets per row (a forecast's steps): one solve per target, each the single-target ridge", () => {
  const rng = createRng(9);
  const rows = 40;
  const cols = 4;
  const features = Array.from({ length: rows * cols }, () => rng.normal());
  const steps = 3;
  const targets = Array.from({ length: rows * steps }, (_, i) => {
    const r = Math.floor(i / steps);
    const k = i % steps;
    return k - 1 + features[r * cols + k] * (k + 1) - 0.5 * features[r * cols + 3] + 0.1 * rng.normal();
  });
  const both = fitRidge({ features: Float32Array.from(features), rows, cols, targets, task: 'regression', outputs: steps }, { alpha: 2 });
  assert.equal(both.units, steps);
  assert.equal(both.kernel.length, cols * steps);
  for (let k = 0; k < steps; k++) {
    const single = fitRidge(data(features, cols, Array.from({ length: rows }, (_, r) => targets[r * steps + k])), { alpha: 2 });
    for (let j = 0; j < cols; j++) close(both.kernel[j * steps + k], single.kernel[j], `step ${k} w${j}`, 1e-5);
    close(both.bias[k], single.bias[0], `step ${k} b`, 1e-5);
  }
  assert.throws(() => fitRidge({ features: Float32Array.from(features), rows, cols, targets: targets.slice(0, rows), task: 'regression', outputs: steps }), { code: 'invalid_argument', message: /40 targets/ });
});
