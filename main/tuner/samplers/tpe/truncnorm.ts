/**
 * Normal distribution truncated to [lo, hi]. TPE kernels live in the unit
 * interval and are always centred inside it (observations and the prior are
 * in range), so lo ≤ mu ≤ hi and the normaliser Φ(b) − Φ(a) never vanishes.
 */
import type { Rng } from '../../../util/rng.ts';
import { normCdf, normLogPdf, normPpf } from '../../math/normal.ts';

const standard = (x: number, mu: number, sigma: number) => (x - mu) / sigma;

/** log of Φ(b) − Φ(a) computed on the side of zero where it does not cancel. */
export function logNormMass(a: number, b: number): number {
  if (a >= 0) return Math.log(Math.max(normCdf(-a) - normCdf(-b), 1e-300));
  return Math.log(Math.max(normCdf(b) - normCdf(a), 1e-300));
}

export function truncNormLogPdf(x: number, mu: number, sigma: number, lo: number, hi: number): number {
  if (x < lo || x > hi) return -Infinity;
  return normLogPdf(standard(x, mu, sigma)) - Math.log(sigma) - logNormMass(standard(lo, mu, sigma), standard(hi, mu, sigma));
}

/** log P(x1 ≤ X ≤ x2) for X truncated to [lo, hi]: the mass of an int's bin. */
export function truncNormLogMass(x1: number, x2: number, mu: number, sigma: number, lo: number, hi: number): number {
  const a = Math.max(x1, lo);
  const b = Math.min(x2, hi);
  if (b <= a) return -Infinity;
  return logNormMass(standard(a, mu, sigma), standard(b, mu, sigma)) - logNormMass(standard(lo, mu, sigma), standard(hi, mu, sigma));
}

/** Inverse-CDF draw; clamped because rounding at the ends can step a hair outside. */
export function sampleTruncNorm(rng: Rng, mu: number, sigma: number, lo: number, hi: number): number {
  const ca = normCdf(standard(lo, mu, sigma));
  const cb = normCdf(standard(hi, mu, sigma));
  const x = mu + sigma * normPpf(ca + rng.next() * (cb - ca));
  return Number.isFinite(x) ? Math.min(hi, Math.max(lo, x)) : lo + rng.next() * (hi - lo);
}
