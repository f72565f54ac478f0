/** Quadrature rules on [0, 1]. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QUADRATURES, quadratureRule } from '../../../main/explain/quadrature.ts';

const integrate = (kind: (typeof QUADRATURES)[number], m: number, g: (a: number) => number) => {
  const r = quadratureRule(kind, m);
  return r.nodes.reduce((s, a, k) => s + r.weights[k] * g(a), 0);
};

test('every rule has weights summing to 1 and nodes in [0, 1]', () => {
  for (const kind of QUADRATURES) {
    for (const m of [1, 2, 7, 50]) {
      const r = quadratureRule(kind, m);
      assert.ok(Math.abs(r.weights.reduce((a, b) => a + b, 0) - 1) < 1e-12, `${kind} ${m}`);
      assert.ok(r.nodes.every((a) => a >= 0 && a <= 1));
    }
  }
});

test('Gauss-Legendre with m nodes integrates polynomials of degree 2m − 1 exactly', () => {
  for (const m of [2, 5, 20]) {
    const deg = 2 * m - 1;
    assert.ok(Math.abs(integrate('gauss-legendre', m, (a) => a ** deg) - 1 / (deg + 1)) < 1e-12, `m = ${m}`);
  }
  const two = quadratureRule('gauss-legendre', 2);
  assert.ok(Math.abs(two.nodes[0] - (0.5 - 0.5 / Math.sqrt(3))) < 1e-14);
});

test('Riemann sums converge at their known orders on exp', () => {
  const exact = Math.E - 1;
  const err = (kind: (typeof QUADRATURES)[number], m: number) => Math.abs(integrate(kind, m, Math.exp) - exact);
  // First order (left, right): 10× the steps, ~10× smaller error; second order (middle, trapezoid): ~100×.
  assert.ok(err('riemann-left', 10) / err('riemann-left', 100) > 9);
  assert.ok(err('riemann-middle', 10) / err('riemann-middle', 100) > 90);
  assert.ok(err('riemann-trapezoid', 10) / err('riemann-trapezoid', 100) > 90);
  assert.ok(err('gauss-legendre', 5) < 1e-9);
});
