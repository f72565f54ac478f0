import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../../main/util/rng.ts';
import { erfc, normCdf, normLogCdf, normPpf } from '../../../main/tuner/math/normal.ts';
import { cholesky, cholSolve } from '../../../main/util/linalg.ts';
import { fitPosterior, predict, fitGp } from '../../../main/tuner/samplers/gp/gp.ts';
import { expectedImprovement, logH } from '../../../main/tuner/samplers/gp/acquisition.ts';
import { sampleTruncNorm, truncNormLogPdf } from '../../../main/tuner/samplers/tpe/truncnorm.ts';
import { buildParzen, parzenLogDensity, sampleParzen } from '../../../main/tuner/samplers/tpe/parzen-estimator.ts';
import { validateSpace } from '../../../main/tuner/space.ts';
import { toUnit, type CategoricalParam, type NumericParam } from '../../../main/tuner/distributions.ts';

const close = (a: number, b: number, eps: number, what = '') => assert.ok(Math.abs(a - b) <= eps, `${what} ${a} vs ${b}`);

test('normal functions match scipy', () => {
  close(erfc(1), 0.15729920705028513, 2e-8);
  close(erfc(2), 0.004677734981047265, 1e-9);
  close(normCdf(1.96), 0.9750021048517795, 1e-7);
  close(normLogCdf(-30), -454.32124395634327, 1e-5);
  close(normPpf(0.975), 1.959963984540054, 1e-6);
  close(normPpf(1e-6), -4.753424308822899, 1e-5);
});

test('Cholesky of the textbook 3×3 example', () => {
  const l = cholesky(Float64Array.from([4, 12, -16, 12, 37, -43, -16, -43, 98]), 3)!;
  assert.deepEqual([...l], [2, 0, 0, 6, 1, 0, -8, 5, 3]);
  const x = cholSolve(l, 3, [1, 2, 3]);
  // A·x = b
  const a = [4, 12, -16, 12, 37, -43, -16, -43, 98];
  for (let i = 0; i < 3; i++) close(a[3 * i] * x[0] + a[3 * i + 1] * x[1] + a[3 * i + 2] * x[2], i + 1, 1e-9);
  assert.equal(cholesky(Float64Array.from([1, 2, 2, 1]), 2), null); // indefinite
});

test('GP posterior on a tiny example matches numpy', () => {
  // numpy: Matérn-5/2, amplitude 1.2, lengthscale 0.3, noise 1e-4, X = [0.1, 0.5, 0.9], y = [1, -0.5, 0.3].
  const x = [0.1, 0.5, 0.9].map((v) => Float64Array.of(v));
  const m = fitPosterior(x, [1, -0.5, 0.3], { amplitude: 1.2, lengthscales: Float64Array.of(0.3), noise: 1e-4 })!;
  const lRef = [1.0954907576059234, 0, 0, 0.3858250854140703, 1.0252994701379814, 0, 0.053019773059954305, 0.3922868082629655, 1.0214695118932948];
  m.l.forEach((v, i) => close(v, lRef[i], 1e-12));
  const p = predict(m, [0.3]);
  close(p.mean, 0.21796519367663175, 1e-12, 'mean');
  close(p.variance, 0.25185591927292084, 1e-12, 'variance');
  close(m.logMarginal, -3.816199363930852, 1e-12, 'log marginal');
});

test('fitted GP interpolates a smooth function', () => {
  const xs = Array.from({ length: 12 }, (_, i) => Float64Array.of(i / 11, ((i * 7) % 12) / 11));
  const f = (v: ArrayLike<number>) => Math.sin(3 * v[0]) + v[1] * v[1];
  const m = fitGp(xs, xs.map(f));
  const p = predict(m, [0.45, 0.5]);
  close(p.mean, f([0.45, 0.5]), 0.1, 'mean');
  assert.ok(predict(m, xs[3]).variance < 1e-2);
});

test('expected improvement: closed form and far tail', () => {
  close(expectedImprovement(0.2, 0.5, 0), 0.1933039556972637, 1e-6);
  close(expectedImprovement(0, 1, 0), 1 / Math.sqrt(2 * Math.PI), 1e-7);
  close(logH(-10), -55.55312203612159, 1e-3);
  close(logH(-6.0001), logH(-5.9999), 1e-2); // the two branches meet
});

test('truncated normal integrates to 1 and samples stay inside', () => {
  let s = 0;
  const n = 20000;
  for (let i = 0; i < n; i++) s += Math.exp(truncNormLogPdf((i + 0.5) / n, 0.9, 0.3, 0, 1)) / n;
  close(s, 1, 1e-6);
  const rng = createRng(1);
  for (let i = 0; i < 1000; i++) {
    const v = sampleTruncNorm(rng, 0.02, 0.5, 0, 1);
    assert.ok(v >= 0 && v <= 1);
  }
});

test('Parzen estimator: density integrates to 1 over floats, ints and choices', () => {
  const space = validateSpace({ params: {
    a: { kind: 'float', low: 0, high: 1 }, k: { kind: 'int', low: 1, high: 5 }, c: { kind: 'categorical', choices: ['p', 'q', 'r'] },
  } });
  const [a, k, c] = space.params as [NumericParam, NumericParam, CategoricalParam];
  const rows = [[0.2, toUnit(k, 2), 0], [0.25, toUnit(k, 5), 2], [0.9, toUnit(k, 1), 1]];
  const est = buildParzen([a, k, c], rows, { priorWeight: 1, bandwidth: 0.1, minBandwidth: 0.01 });
  let total = 0;
  const n = 2000;
  for (let i = 0; i < n; i++)
    for (let kv = 1; kv <= 5; kv++)
      for (let ci = 0; ci < 3; ci++) total += Math.exp(parzenLogDensity(est, [(i + 0.5) / n, toUnit(k, kv), ci])) / n;
  close(total, 1, 1e-3);
  // Samples cluster where observations are.
  const samples = sampleParzen(est, createRng(2), 2000);
  const near = samples.filter((r) => Math.abs(r[0] - 0.22) < 0.1).length / samples.length;
  assert.ok(near > 0.4, `${near}`);
});
