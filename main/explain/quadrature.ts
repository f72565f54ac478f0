/**
 * Quadrature rules on [0, 1] for path integrals (pure): nodes α_k and weights
 * w_k with Σ w_k = 1, so ∫₀¹ g(α) dα ≈ Σ w_k g(α_k). Captum offers the same
 * choice; Gauss-Legendre is exact for polynomials of degree 2m−1 and needs far
 * fewer steps than Riemann sums on smooth networks.
 */
export const QUADRATURES = ['gauss-legendre', 'riemann-left', 'riemann-right', 'riemann-middle', 'riemann-trapezoid'] as const;
export type Quadrature = (typeof QUADRATURES)[number];

export type Rule = { nodes: Float64Array; weights: Float64Array };

export function quadratureRule(kind: Quadrature, m: number): Rule {
  if (!Number.isInteger(m) || m < 1) throw new Error(`quadrature needs at least 1 step, got ${m}`);
  if (kind === 'gauss-legendre') return gaussLegendre(m);
  if (kind === 'riemann-trapezoid') {
    if (m === 1) return { nodes: Float64Array.of(0.5), weights: Float64Array.of(1) };
    const nodes = Float64Array.from({ length: m }, (_, k) => k / (m - 1));
    const weights = Float64Array.from({ length: m }, (_, k) => (k === 0 || k === m - 1 ? 0.5 : 1) / (m - 1));
    return { nodes, weights };
  }
  const shift = kind === 'riemann-left' ? 0 : kind === 'riemann-right' ? 1 : 0.5;
  return { nodes: Float64Array.from({ length: m }, (_, k) => (k + shift) / m), weights: new Float64Array(m).fill(1 / m) };
}

/** Legendre P_m and its derivative at x, by the three-term recurrence. */
function legendre(m: number, x: number): { p: number; dp: number } {
  let p0 = 1;
  let p1 = x;
  for (let k = 2; k <= m; k++) {
    const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
    p0 = p1;
    p1 = p2;
  }
  const p = m === 0 ? 1 : p1;
  return { p, dp: (m * (x * p - p0)) / (x * x - 1) };
}

/** Roots of P_m by Newton's method from Chebyshev-like guesses, mapped from [−1, 1] to [0, 1]. */
function gaussLegendre(m: number): Rule {
  if (m === 1) return { nodes: Float64Array.of(0.5), weights: Float64Array.of(1) };
  const nodes = new Float64Array(m);
  const weights = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (m + 0.5));
    let dp = 1;
    for (let it = 0; it < 100; it++) {
      const l = legendre(m, x);
      dp = l.dp;
      const dx = l.p / l.dp;
      x -= dx;
      if (Math.abs(dx) < 1e-15) break;
    }
    dp = legendre(m, x).dp;
    nodes[m - 1 - i] = (x + 1) / 2;
    weights[m - 1 - i] = 1 / ((1 - x * x) * dp * dp); // 2/((1−x²)P'²) on [−1, 1], halved for [0, 1]
  }
  return { nodes, weights };
}
