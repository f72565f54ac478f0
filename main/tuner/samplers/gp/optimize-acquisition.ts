/**
 * Maximises an acquisition function over the encoded space without
 * gradients: many random points plus points near the best observations,
 * then a stochastic hill climb with a shrinking step from the top few.
 */
import type { Rng } from '../../../util/rng.ts';
import { perturb, randomVector, type Layout } from './encoding.ts';

export type AcqOptions = { nRandom: number; nNearBest: number; nLocal: number; localSteps: number };
export const ACQ_DEFAULTS: AcqOptions = { nRandom: 1000, nNearBest: 100, nLocal: 5, localSteps: 40 };

export function optimizeAcquisition(layout: Layout, score: (v: Float64Array) => number, incumbents: readonly Float64Array[],
  rng: Rng, opts: AcqOptions = ACQ_DEFAULTS): Float64Array {
  const pool: { v: Float64Array; s: number }[] = [];
  const add = (v: Float64Array) => pool.push({ v, s: score(v) });
  for (let i = 0; i < opts.nRandom; i++) add(randomVector(layout, rng));
  for (let i = 0; incumbents.length && i < opts.nNearBest; i++)
    add(perturb(layout, incumbents[i % incumbents.length], 0.02 + 0.1 * rng.next(), 0.2, rng));
  pool.sort((a, b) => b.s - a.s);
  let best = pool[0];
  const pSwitch = 1 / Math.max(1, layout.defs.length);
  for (const start of pool.slice(0, opts.nLocal)) {
    let cur = start;
    let sigma = 0.05;
    for (let step = 0, misses = 0; step < opts.localSteps && sigma > 1e-4; step++) {
      const v = perturb(layout, cur.v, sigma, pSwitch, rng);
      const s = score(v);
      if (s > cur.s) {
        cur = { v, s };
        misses = 0;
      } else if (++misses >= 4) {
        sigma /= 2;
        misses = 0;
      }
    }
    if (cur.s > best.s) best = cur;
  }
  return best.v;
}
