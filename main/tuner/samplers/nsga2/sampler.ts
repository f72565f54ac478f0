/**
 * NSGA-II for several objectives, steady-state: every suggestion is one
 * child of the current elite population (the NSGA-II survivors among all
 * complete trials), so workers never wait for a generation to finish.
 * With one objective it reduces to an elitist GA with binary tournaments.
 */
import type { Space } from '../../space.ts';
import type { FrozenTrial, Params, SampleContext, Sampler, SamplerState } from '../../types.ts';
import { usableTrials } from '../genetic.ts';
import { randomParams } from '../random.ts';
import { makeChild, VARIATION_DEFAULTS, type VariationOptions } from '../variation.ts';
import { binaryTournament, selectSurvivors } from './selection.ts';

export type Nsga2Options = VariationOptions & { populationSize: number };
export const NSGA2_DEFAULTS: Nsga2Options = { ...VARIATION_DEFAULTS, populationSize: 30 };

export class Nsga2Sampler implements Sampler {
  readonly name = 'nsga2';
  private options: Nsga2Options;
  constructor(options: Partial<Nsga2Options> = {}) {
    this.options = { ...NSGA2_DEFAULTS, ...options };
  }

  sample(space: Space, history: readonly FrozenTrial[], ctx: SampleContext): Params {
    const o = this.options;
    const done = usableTrials(space, history);
    if (done.length < Math.max(2, o.populationSize)) return randomParams(space, ctx.rng);
    const pool = selectSurvivors(done.map((t) => t.values!), ctx.directions, o.populationSize);
    const p1 = done[binaryTournament(pool, ctx.rng).index];
    const p2 = done[binaryTournament(pool, ctx.rng).index];
    return makeChild(space, p1.params, p2.params, o, ctx.rng);
  }

  getState(): SamplerState {
    return { name: this.name, version: 1, options: { ...this.options } };
  }
  setState(state: SamplerState): void {
    this.options = { ...NSGA2_DEFAULTS, ...(state.options as Partial<Nsga2Options>) };
  }
}
