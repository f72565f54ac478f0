/**
 * Similarity kernels of the surrogate methods: how much a perturbed sample
 * counts in the weighted regression (pure).
 */
import { binomial } from './shapley.ts';

/**
 * The Shapley kernel of Lundberg & Lee (2017), π(s) = (M−1) / (C(M,s)·s·(M−s))
 * for a coalition of s of M players: with it, the weighted linear regression's
 * solution is the Shapley values. Infinite at s = 0 and s = M, which is why those
 * two coalitions enter as constraints instead of samples.
 */
export function shapleyKernel(M: number, s: number): number {
  if (s <= 0 || s >= M) return Infinity;
  return (M - 1) / (binomial(M, s) * s * (M - s));
}

/** LIME's kernel, √exp(−d²/width²): close samples count more; `width` sets what "close" means. */
export function exponentialKernel(distance: number, width: number): number {
  return Math.sqrt(Math.exp(-(distance * distance) / (width * width)));
}

/** 1 − cos(a, b); 1 when either is all zeros. LIME for images measures coalitions against the full one so. */
export function cosineDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let j = 0; j < a.length; j++) {
    ab += a[j] * b[j];
    aa += a[j] * a[j];
    bb += b[j] * b[j];
  }
  return aa > 0 && bb > 0 ? 1 - ab / Math.sqrt(aa * bb) : 1;
}
