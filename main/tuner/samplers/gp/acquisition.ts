/**
 * Expected improvement below the incumbent `best` (minimisation), in log
 * form: plain EI underflows to 0 far from the incumbent, which leaves an
 * optimiser over random candidates with nothing to compare (Ament et al.
 * 2023, "Unexpected improvements to expected improvement").
 */
import { normCdf, normLogPdf, normPdf } from '../../math/normal.ts';

/** h(z) = z·Φ(z) + φ(z); EI = σ·h((best − μ)/σ). */
export function logH(z: number): number {
  if (z > -6) return Math.log(Math.max(z * normCdf(z) + normPdf(z), 1e-300));
  // Far tail: h(z) = φ(z)/z²·(1 − 3/z² + 15/z⁴ − …), an asymptotic series; two terms are plenty past |z| = 6.
  const w = 1 / (z * z);
  return normLogPdf(z) + Math.log(w) + Math.log1p(-3 * w + 15 * w * w);
}

export function logExpectedImprovement(mean: number, variance: number, best: number): number {
  const sd = Math.sqrt(variance);
  return Math.log(sd) + logH((best - mean) / sd);
}

export function expectedImprovement(mean: number, variance: number, best: number): number {
  return Math.exp(logExpectedImprovement(mean, variance, best));
}
