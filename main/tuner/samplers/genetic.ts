/**
 * A steady-state genetic algorithm: each suggestion is one child. The
 * population is the best `populationSize` finished trials of the whole
 * history (a (μ+λ) scheme, so elites are never lost); parents come from
 * tournaments, children from uniform or blend crossover plus gaussian
 * mutation. Until the population is full, trials are random.
 * With several objectives "best" is NSGA-II's crowded order (see rankOrder).
 */
import { contains } from '../distributions.ts';
import { rankOrder } from '../pareto.ts';
import type { Space } from '../space.ts';
import type { FrozenTrial, Params, SampleContext, Sampler, SamplerState } from '../types.ts';
import { randomParams } from './random.ts';
import { makeChild, VARIATION_DEFAULTS, type VariationOptions } from './variation.ts';

export type GeneticOptions = VariationOptions & { populationSize: number; tournamentSize: number };
export const GENETIC_DEFAULTS: GeneticOptions = { ...VARIATION_DEFAULTS, populationSize: 20, tournamentSize: 3 };

/** Complete trials whose stored params still fit the space (it may have changed since). */
export function usableTrials(space: Space, history: readonly FrozenTrial[]): FrozenTrial[] {
  return history.filter((t) => t.state === 'complete' && t.values !== undefined && t.values.every(Number.isFinite)
    && Object.entries(t.params).every(([k, v]) => { const d = space.params.find((p) => p.name === k); return d !== undefined && contains(d, v); }));
}

export class GeneticSampler implements Sampler {
  readonly name = 'genetic';
  private options: GeneticOptions;
  constructor(options: Partial<GeneticOptions> = {}) {
    this.options = { ...GENETIC_DEFAULTS, ...options };
  }

  sample(space: Space, history: readonly FrozenTrial[], ctx: SampleContext): Params {
    const o = this.options;
    const done = usableTrials(space, history);
    if (done.length < Math.max(2, o.populationSize)) return randomParams(space, ctx.rng);
    // The population is sorted best first, so the lowest index drawn wins a tournament.
    const population = rankOrder(done.map((t) => t.values!), ctx.directions).slice(0, o.populationSize).map((i) => done[i]);
    const tournament = (): FrozenTrial => {
      let winner = ctx.rng.int(population.length);
      for (let k = 1; k < o.tournamentSize; k++) winner = Math.min(winner, ctx.rng.int(population.length));
      return population[winner];
    };
    return makeChild(space, tournament().params, tournament().params, o, ctx.rng);
  }

  getState(): SamplerState {
    return { name: this.name, version: 1, options: { ...this.options } };
  }
  setState(state: SamplerState): void {
    this.options = { ...GENETIC_DEFAULTS, ...(state.options as Partial<GeneticOptions>) };
  }
}
