/** Independent uniform sampling: the baseline, and what model-based samplers use before they have data. */
import type { Rng } from '../../util/rng.ts';
import { cardinality, fromUnit, type ParamDef } from '../distributions.ts';
import type { Space } from '../space.ts';
import type { FrozenTrial, ParamValue, Params, SampleContext, Sampler, SamplerState } from '../types.ts';
import { sampleStaged } from './staged.ts';

/** Uniform over the domain: log-uniform for log params, equal odds for each int / choice otherwise. */
export function randomValue(def: ParamDef, rng: Rng): ParamValue {
  switch (def.kind) {
    case 'fixed':
      return def.value;
    case 'categorical':
      return def.choices[rng.int(def.choices.length)];
    case 'float':
      return fromUnit(def, rng.next());
    case 'int':
      return def.log ? fromUnit(def, rng.next()) : def.low + rng.int(cardinality(def)) * def.step;
  }
}

export function randomParams(space: Space, rng: Rng): Params {
  return sampleStaged(space, (group) => Object.fromEntries(group.map((d) => [d.name, randomValue(d, rng)])));
}

export class RandomSampler implements Sampler {
  readonly name = 'random';
  sample(space: Space, _history: readonly FrozenTrial[], ctx: SampleContext): Params {
    return randomParams(space, ctx.rng);
  }
  getState(): SamplerState {
    return { name: this.name, version: 1, options: {} };
  }
  setState(): void {}
}
