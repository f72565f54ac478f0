/**
 * Hyperband as brackets of ASHA (Li et al. 2018, asynchronous form): bracket
 * b is ASHA with minEarlyStoppingRate b, so bracket 0 stops trials earliest
 * and the last bracket lets them run longest. A trial's bracket comes from
 * a hash of its number, weighted by how many trials Hyperband gives each
 * bracket, and it only competes with trials of its own bracket.
 */
import type { FrozenTrial, Pruner, StudyDirection } from '../types.ts';
import { ASHA_DEFAULTS, ashaPrune, type AshaOptions } from './successive-halving.ts';

export type HyperbandOptions = { minResource: number; maxResource: number; reductionFactor: number };

/** s_max: how many halvings fit between min and max resource. */
export const maxHalvings = (o: HyperbandOptions): number =>
  Math.max(0, Math.floor(Math.log(o.maxResource / o.minResource) / Math.log(o.reductionFactor) + 1e-9));

/** Relative number of trials per bracket: ⌈(s_max+1)/(s+1)⌉·η^s with s = s_max − b halvings. */
export function bracketWeights(o: HyperbandOptions): number[] {
  const sMax = maxHalvings(o);
  return Array.from({ length: sMax + 1 }, (_, b) => {
    const s = sMax - b;
    return Math.ceil((sMax + 1) / (s + 1)) * Math.pow(o.reductionFactor, s);
  });
}

/** 32-bit integer mix (avalanche), so consecutive trial numbers spread over brackets. */
export function hashNumber(n: number): number {
  let h = (n ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export function bracketOf(trialNumber: number, o: HyperbandOptions): number {
  const w = bracketWeights(o);
  let r = hashNumber(trialNumber) % w.reduce((a, b) => a + b, 0);
  for (let b = 0; b < w.length; b++) {
    if (r < w[b]) return b;
    r -= w[b];
  }
  return w.length - 1;
}

export class HyperbandPruner implements Pruner {
  readonly name = 'hyperband';
  readonly options: HyperbandOptions;
  constructor(options: Partial<HyperbandOptions> & { maxResource: number }) {
    this.options = { minResource: 1, reductionFactor: 3, ...options };
    if (!(this.options.maxResource > this.options.minResource)) throw new Error('maxResource must be > minResource');
    if (!(this.options.reductionFactor >= 2)) throw new Error('reductionFactor must be >= 2');
  }
  prune(history: readonly FrozenTrial[], trial: FrozenTrial, directions: readonly StudyDirection[]): boolean {
    const b = bracketOf(trial.number, this.options);
    const asha: AshaOptions = { ...ASHA_DEFAULTS, ...this.options, minEarlyStoppingRate: b };
    return ashaPrune(history.filter((t) => bracketOf(t.number, this.options) === b), trial, directions, asha);
  }
}
