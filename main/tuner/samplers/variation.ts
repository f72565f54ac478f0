/**
 * Variation operators shared by the genetic and NSGA-II samplers, applied
 * stage by stage so children of conditional spaces stay consistent: a param
 * both parents have is recombined, one only a parent has is inherited, and a
 * param neither parent had (its condition newly holds) is drawn at random.
 */
import type { Rng } from '../../util/rng.ts';
import { decodeValue, encodeValue, type CategoricalParam, type NumericParam } from '../distributions.ts';
import type { Space } from '../space.ts';
import type { ParamValue, Params } from '../types.ts';
import { randomValue } from './random.ts';
import { sampleStaged } from './staged.ts';

export type VariationOptions = {
  crossover: 'uniform' | 'blend';
  /** BLX-α: the child is drawn from the parents' interval widened by α of its length on each side. */
  blendAlpha: number;
  /** Per-param mutation probability; null means 1 / (number of params). */
  mutationProb: number | null;
  /** Standard deviation of a numeric mutation, in unit-interval units. */
  mutationSigma: number;
};
export const VARIATION_DEFAULTS: VariationOptions = { crossover: 'blend', blendAlpha: 0.5, mutationProb: null, mutationSigma: 0.1 };

type Modelled = NumericParam | CategoricalParam;

/** BLX-α on two unit-interval coordinates, clamped back into [0, 1]. */
export function blend(a: number, b: number, alpha: number, rng: Rng): number {
  const lo = Math.min(a, b);
  const width = Math.abs(a - b);
  return Math.min(1, Math.max(0, lo - alpha * width + rng.next() * width * (1 + 2 * alpha)));
}

function recombine(d: Modelled, a: ParamValue, b: ParamValue, o: VariationOptions, rng: Rng): ParamValue {
  if (d.kind === 'categorical' || o.crossover === 'uniform') return rng.next() < 0.5 ? a : b;
  return decodeValue(d, blend(encodeValue(d, a), encodeValue(d, b), o.blendAlpha, rng));
}

function mutate(d: Modelled, v: ParamValue, o: VariationOptions, rng: Rng): ParamValue {
  if (d.kind === 'categorical') return randomValue(d, rng);
  const u = encodeValue(d, v) + o.mutationSigma * rng.normal();
  return decodeValue(d, Math.min(1, Math.max(0, u)));
}

export function makeChild(space: Space, p1: Readonly<Params>, p2: Readonly<Params>, o: VariationOptions, rng: Rng): Params {
  const modelled = space.params.filter((d) => d.kind !== 'fixed').length;
  const pm = o.mutationProb ?? 1 / Math.max(1, modelled);
  return sampleStaged(space, (group) => {
    const out: Params = {};
    for (const d of group as Modelled[]) {
      const has1 = Object.hasOwn(p1, d.name);
      const has2 = Object.hasOwn(p2, d.name);
      let v: ParamValue;
      if (has1 && has2) v = recombine(d, p1[d.name], p2[d.name], o, rng);
      else if (has1 || has2) v = has1 ? p1[d.name] : p2[d.name];
      else v = randomValue(d, rng);
      out[d.name] = rng.next() < pm ? mutate(d, v, o, rng) : v;
    }
    return out;
  });
}
