/**
 * Gaussian-process regression: exact posterior through a Cholesky factor,
 * and hyperparameters (amplitude, ARD lengthscales, noise) chosen by
 * maximising the log marginal likelihood plus weak log-normal priors (MAP).
 * The priors keep tiny data sets from collapsing to a zero-lengthscale or
 * pure-noise fit. Inputs live in [0,1]^d; targets are expected standardised.
 */
import { cholesky, cholSolve, solveLower } from '../../../util/linalg.ts';
import { gramMatrix, kernel, type KernelParams } from './kernel.ts';

export type GpHyper = KernelParams & { noise: number };
export type GpModel = { x: readonly Float64Array[]; hyper: GpHyper; l: Float64Array; alpha: Float64Array; logMarginal: number };

const LOG_2PI = Math.log(2 * Math.PI);
export const MIN_NOISE = 1e-6;

/** Conditions the GP on (x, y); null when the Gram matrix is not positive definite. */
export function fitPosterior(x: readonly Float64Array[], y: ArrayLike<number>, hyper: GpHyper): GpModel | null {
  const n = x.length;
  const l = cholesky(gramMatrix(x, hyper, hyper.noise), n);
  if (!l) return null;
  const alpha = cholSolve(l, n, y);
  let fit = 0;
  let logDet = 0;
  for (let i = 0; i < n; i++) {
    fit += y[i] * alpha[i];
    logDet += Math.log(l[i * n + i]);
  }
  return { x, hyper, l, alpha, logMarginal: -0.5 * fit - logDet - 0.5 * n * LOG_2PI };
}

/** Posterior mean and variance of the latent function at one point. */
export function predict(model: GpModel, point: ArrayLike<number>): { mean: number; variance: number } {
  const n = model.x.length;
  const ks = new Float64Array(n);
  let mean = 0;
  for (let i = 0; i < n; i++) {
    ks[i] = kernel(model.x[i], point, model.hyper);
    mean += ks[i] * model.alpha[i];
  }
  const v = solveLower(model.l, n, ks);
  let vv = 0;
  for (let i = 0; i < n; i++) vv += v[i] * v[i];
  return { mean, variance: Math.max(model.hyper.amplitude - vv, 1e-12) };
}

/** Log-normal log priors (unnormalised), in log-parameter units. */
const logPrior = (h: GpHyper): number => {
  let s = -0.5 * (Math.log(h.amplitude) / 1.5) ** 2 - 0.5 * ((Math.log(h.noise) - Math.log(1e-3)) / 3) ** 2;
  for (const ls of h.lengthscales) s -= 0.5 * ((Math.log(ls) - Math.log(0.5)) / 1.2) ** 2;
  return s;
};

type Vec = Float64Array; // [log amplitude, log noise, log lengthscale_0 …]

const toHyper = (v: Vec): GpHyper => ({
  amplitude: Math.exp(v[0]), noise: Math.max(Math.exp(v[1]), MIN_NOISE), lengthscales: Float64Array.from(v.subarray(2), Math.exp),
});

/**
 * MAP hyperparameters: the best isotropic start on a small grid, then a
 * pattern search (one log-parameter at a time, step halved when nothing
 * improves). Cheap, derivative-free and deterministic.
 */
export function fitGp(x: readonly Float64Array[], y: ArrayLike<number>, opts: { maxEvals?: number } = {}): GpModel {
  const dims = x[0]?.length ?? 0;
  const score = (v: Vec): { s: number; m: GpModel | null } => {
    const h = toHyper(v);
    if (v[1] < Math.log(MIN_NOISE) - 1 || v[1] > 2) return { s: -Infinity, m: null };
    const m = fitPosterior(x, y, h);
    return { s: m ? m.logMarginal + logPrior(h) : -Infinity, m };
  };
  let best: Vec = new Float64Array(2 + dims);
  let bestScore = -Infinity;
  let bestModel: GpModel | null = null;
  for (const ls of [0.1, 0.25, 0.5, 1, 2])
    for (const noise of [1e-5, 1e-3, 1e-1]) {
      const v = Float64Array.from([0, Math.log(noise), ...new Array(dims).fill(Math.log(ls))]);
      const r = score(v);
      if (r.s > bestScore) [best, bestScore, bestModel] = [v, r.s, r.m];
    }
  let evals = 0;
  const maxEvals = opts.maxEvals ?? 40 + 12 * dims;
  for (let step = 1; step > 0.06 && evals < maxEvals; ) {
    let improved = false;
    for (let k = 0; k < best.length && evals < maxEvals; k++)
      for (const sign of [1, -1]) {
        const v = Float64Array.from(best);
        v[k] += sign * step;
        const r = score(v);
        evals++;
        if (r.s > bestScore) {
          [best, bestScore, bestModel] = [v, r.s, r.m];
          improved = true;
          break;
        }
      }
    if (!improved) step /= 2;
  }
  // With duplicate points and no noise the Gram matrix can be singular: fall back to heavy noise.
  return bestModel ?? fitPosterior(x, y, { amplitude: 1, noise: 1, lengthscales: new Float64Array(dims).fill(0.5) })!;
}
