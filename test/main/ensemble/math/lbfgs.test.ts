import { test } from 'node:test';
import assert from 'node:assert/strict';
import { minimize } from '../../../../main/ensemble/math/lbfgs.ts';

test('a convex quadratic: the minimum is A⁻¹b', () => {
  // A = [[4, 1], [1, 3]], b = [1, 2] → x = [1/11, 7/11].
  const r = minimize((x, g) => {
    g[0] = 4 * x[0] + x[1] - 1;
    g[1] = x[0] + 3 * x[1] - 2;
    return 0.5 * (4 * x[0] * x[0] + 2 * x[0] * x[1] + 3 * x[1] * x[1]) - x[0] - 2 * x[1];
  }, new Float64Array(2));
  assert.ok(r.converged);
  assert.ok(Math.abs(r.x[0] - 1 / 11) < 1e-9 && Math.abs(r.x[1] - 7 / 11) < 1e-9, `${r.x}`);
});

test('Rosenbrock from (−1.2, 1) reaches (1, 1)', () => {
  const r = minimize((x, g) => {
    const a = 1 - x[0];
    const b = x[1] - x[0] * x[0];
    g[0] = -2 * a - 400 * x[0] * b;
    g[1] = 200 * b;
    return a * a + 100 * b * b;
  }, Float64Array.of(-1.2, 1), { gradientTolerance: 1e-8 });
  assert.ok(r.converged, `gradient ${r.gradientNorm} after ${r.iterations}`);
  assert.ok(Math.abs(r.x[0] - 1) < 1e-6 && Math.abs(r.x[1] - 1) < 1e-6, `${r.x}`);
});
