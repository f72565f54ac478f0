/**
 * Multivariate Parzen estimator over a group of params, as used by TPE: a
 * mixture with one product kernel per observation plus one broad prior
 * kernel. Points are "rows" in the internal representation: unit-interval
 * coordinates for floats and ints, choice indices for categoricals.
 */
import type { Rng } from '../../../util/rng.ts';
import { cardinality, fromUnit, unitBin, type CategoricalParam, type NumericParam } from '../../distributions.ts';
import { logSumExp } from '../../math/normal.ts';
import { sampleTruncNorm, truncNormLogMass, truncNormLogPdf } from './truncnorm.ts';

export type EstimatorParam = NumericParam | CategoricalParam;
export type ParzenOptions = {
  /** Weight of the prior kernel relative to one observation. */
  priorWeight: number;
  /** Kernel width at one observation, in unit-interval units; shrinks like n^(-1/(d+4)) (Scott's rule). */
  bandwidth: number;
  minBandwidth: number;
};

type NumericDim = { kind: 'numeric'; def: NumericParam; mu: Float64Array; sigma: Float64Array };
type CategoricalDim = { kind: 'categorical'; k: number; logp: Float64Array /* component-major, k per component */ };
export type ParzenEstimator = { logWeights: Float64Array; dims: (NumericDim | CategoricalDim)[] };

export function buildParzen(params: readonly EstimatorParam[], rows: readonly (readonly number[])[], opts: ParzenOptions): ParzenEstimator {
  const n = rows.length;
  const comps = n + 1; // the last component is the prior
  const logWeights = new Float64Array(comps);
  const total = n + opts.priorWeight;
  for (let j = 0; j < n; j++) logWeights[j] = Math.log(1 / total);
  logWeights[n] = Math.log(opts.priorWeight / total);
  const scott = opts.bandwidth * Math.pow(Math.max(n, 1), -1 / (params.length + 4));
  const dims = params.map((def, d): NumericDim | CategoricalDim => {
    if (def.kind === 'categorical') {
      const k = def.choices.length;
      const logp = new Float64Array(comps * k);
      // Each observation keeps most of its mass on its own choice; the rest
      // shrinks as evidence grows, so early kernels stay exploratory.
      const beta = opts.priorWeight / (n + 1);
      for (let j = 0; j < comps; j++)
        for (let c = 0; c < k; c++)
          logp[j * k + c] = j === n ? -Math.log(k) : Math.log(((rows[j][d] === c ? 1 : 0) + beta) / (1 + k * beta));
      return { kind: 'categorical', k, logp };
    }
    // An int kernel narrower than half its bin would put all mass on one value.
    const floor = Math.max(opts.minBandwidth, def.kind === 'int' ? 0.5 / cardinality(def) : 0);
    const mu = new Float64Array(comps);
    const sigma = new Float64Array(comps);
    for (let j = 0; j < n; j++) {
      mu[j] = rows[j][d];
      sigma[j] = Math.max(scott, floor);
    }
    mu[n] = 0.5;
    sigma[n] = 1;
    return { kind: 'numeric', def, mu, sigma };
  });
  return { logWeights, dims };
}

function pickComponent(est: ParzenEstimator, rng: Rng): number {
  let u = rng.next();
  for (let j = 0; j < est.logWeights.length; j++) {
    u -= Math.exp(est.logWeights[j]);
    if (u <= 0) return j;
  }
  return est.logWeights.length - 1;
}

function sampleCategory(logp: Float64Array, offset: number, k: number, rng: Rng): number {
  let u = rng.next();
  for (let c = 0; c < k; c++) {
    u -= Math.exp(logp[offset + c]);
    if (u <= 0) return c;
  }
  return k - 1;
}

/** Draws `count` rows; int coordinates are snapped to their value's unit position. */
export function sampleParzen(est: ParzenEstimator, rng: Rng, count: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < count; i++) {
    const j = pickComponent(est, rng);
    out.push(est.dims.map((dim) => {
      if (dim.kind === 'categorical') return sampleCategory(dim.logp, j * dim.k, dim.k, rng);
      const u = sampleTruncNorm(rng, dim.mu[j], dim.sigma[j], 0, 1);
      return dim.def.kind === 'int' ? snapInt(dim.def, u) : u;
    }));
  }
  return out;
}

function snapInt(def: NumericParam, u: number): number {
  const [lo, hi] = unitBin(def as Extract<NumericParam, { kind: 'int' }>, fromUnit(def, u));
  return (lo + hi) / 2;
}

/** log density (log probability for ints and categoricals) of one row under the mixture. */
export function parzenLogDensity(est: ParzenEstimator, row: readonly number[]): number {
  const terms = Float64Array.from(est.logWeights);
  est.dims.forEach((dim, d) => {
    const x = row[d];
    if (dim.kind === 'categorical') {
      for (let j = 0; j < terms.length; j++) terms[j] += dim.logp[j * dim.k + x];
    } else if (dim.def.kind === 'int') {
      const [lo, hi] = unitBin(dim.def, fromUnit(dim.def, x));
      for (let j = 0; j < terms.length; j++) terms[j] += truncNormLogMass(lo, hi, dim.mu[j], dim.sigma[j], 0, 1);
    } else {
      for (let j = 0; j < terms.length; j++) terms[j] += truncNormLogPdf(x, dim.mu[j], dim.sigma[j], 0, 1);
    }
  });
  return logSumExp(terms);
}
