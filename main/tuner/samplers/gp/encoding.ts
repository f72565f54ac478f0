/**
 * The GP's input space: one unit-interval coordinate per float or int, one
 * one-hot block per categorical, so a Euclidean kernel sees every kind.
 */
import type { Rng } from '../../../util/rng.ts';
import { choiceIndex, fromUnit, toUnit, type CategoricalParam, type NumericParam } from '../../distributions.ts';
import type { Params } from '../../types.ts';

export type Modelled = NumericParam | CategoricalParam;
export type Layout = { readonly defs: readonly Modelled[]; readonly offsets: readonly number[]; readonly width: number };

export function makeLayout(defs: readonly Modelled[]): Layout {
  const offsets: number[] = [];
  let width = 0;
  for (const d of defs) {
    offsets.push(width);
    width += d.kind === 'categorical' ? d.choices.length : 1;
  }
  return { defs, offsets, width };
}

export function encode(layout: Layout, params: Readonly<Params>): Float64Array {
  const v = new Float64Array(layout.width);
  layout.defs.forEach((d, i) => {
    if (d.kind === 'categorical') v[layout.offsets[i] + choiceIndex(d, params[d.name])] = 1;
    else v[layout.offsets[i]] = toUnit(d, params[d.name] as number);
  });
  return v;
}

const argmax = (v: ArrayLike<number>, from: number, count: number): number => {
  let best = 0;
  for (let c = 1; c < count; c++) if (v[from + c] > v[from + best]) best = c;
  return best;
};

export function decode(layout: Layout, v: ArrayLike<number>): Params {
  return Object.fromEntries(layout.defs.map((d, i) => [d.name,
    d.kind === 'categorical' ? d.choices[argmax(v, layout.offsets[i], d.choices.length)] : fromUnit(d, v[layout.offsets[i]])]));
}

/** The encoding of the params `v` decodes to: ints land on their value, one-hot blocks on one choice. */
export const snap = (layout: Layout, v: ArrayLike<number>): Float64Array => encode(layout, decode(layout, v));

export function randomVector(layout: Layout, rng: Rng): Float64Array {
  const v = new Float64Array(layout.width);
  layout.defs.forEach((d, i) => {
    if (d.kind === 'categorical') v[layout.offsets[i] + rng.int(d.choices.length)] = 1;
    else v[layout.offsets[i]] = rng.next();
  });
  return snap(layout, v);
}

/** Gaussian step of size sigma on numeric coordinates; each categorical re-drawn with probability pSwitch. */
export function perturb(layout: Layout, v: Float64Array, sigma: number, pSwitch: number, rng: Rng): Float64Array {
  const out = Float64Array.from(v);
  layout.defs.forEach((d, i) => {
    const o = layout.offsets[i];
    if (d.kind === 'categorical') {
      if (rng.next() < pSwitch) {
        out.fill(0, o, o + d.choices.length);
        out[o + rng.int(d.choices.length)] = 1;
      }
    } else {
      out[o] = Math.min(1, Math.max(0, out[o] + sigma * rng.normal()));
    }
  });
  return snap(layout, out);
}
