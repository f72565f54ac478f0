/**
 * Standard normal functions shared by the TPE kernels and GP expected
 * improvement. erfc uses a Chebyshev-fitted exponential form whose *relative*
 * error stays below ~1.2e-7 over the whole line, so tail probabilities (and
 * their logs) keep their accuracy where 1 - erf(x) would cancel to 0.
 */
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const r = t * Math.exp(poly);
  return x >= 0 ? r : 2 - r;
}

/** log erfc(x) for x ≥ 0 without underflow: the exponent is added in log space. */
function logErfcPositive(z: number): number {
  const t = 1 / (1 + 0.5 * z);
  const poly = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return Math.log(t) + poly;
}

export const normPdf = (z: number): number => Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
export const normLogPdf = (z: number): number => -0.5 * z * z - LOG_SQRT_2PI;
export const normCdf = (z: number): number => 0.5 * erfc(-z / Math.SQRT2);

/** log Φ(z), accurate far into the lower tail (z ≪ 0). */
export function normLogCdf(z: number): number {
  if (z >= 0) return Math.log1p(-0.5 * erfc(z / Math.SQRT2));
  return Math.log(0.5) + logErfcPositive(-z / Math.SQRT2);
}

/** Φ⁻¹(p): a coarse closed-form start refined by Newton steps on normCdf. */
export function normPpf(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  // Tukey-lambda style starting point (good to ~1e-2), then Newton.
  let x = 4.91 * (Math.pow(p, 0.14) - Math.pow(1 - p, 0.14));
  for (let i = 0; i < 8; i++) {
    const pdf = normPdf(x);
    if (pdf < 1e-300) break;
    const step = (normCdf(x) - p) / pdf;
    x -= Math.max(-1, Math.min(1, step));
    if (Math.abs(step) < 1e-12) break;
  }
  return x;
}

/** Stable log(Σ exp(xs)). */
export function logSumExp(xs: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < xs.length; i++) if (xs[i] > m) m = xs[i];
  if (m === -Infinity) return -Infinity;
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += Math.exp(xs[i] - m);
  return m + Math.log(s);
}
