/**
 * Tree-structured Parzen Estimator (Bergstra et al. 2011; multivariate form
 * after Falkner et al. 2018 and Watanabe 2023). Finished trials are split
 * into the best γ·n ("below", density l) and the rest ("above", density g);
 * candidates drawn from l are scored by log l(x) − log g(x), which ranks
 * them the same way expected improvement does under TPE's model.
 *
 * Conditional spaces: each stage of `sampleStaged` (a group of params that
 * become active together) gets its own multivariate model, fitted on the
 * trials in which that whole group was active.
 * Several objectives: "below" is filled front by front (then by crowding),
 * i.e. the best trials by non-dominated rank.
 * Pruned trials always count as "above": they were stopped for doing badly.
 * Constant liar (on by default; Optuna's `constant_liar`): running trials
 * (asked, not told: in flight in this process or on another worker) count as
 * "above" too, as if they had the worst value, so l(x)/g(x) is low near them
 * and parallel workers asking at once spread out instead of piling up.
 */
import type { CategoricalParam, NumericParam, ParamDef } from '../../distributions.ts';
import { decodeValue, encodeValue } from '../../distributions.ts';
import { rankOrder } from '../../pareto.ts';
import type { Space } from '../../space.ts';
import type { FrozenTrial, Params, SampleContext, Sampler, SamplerState } from '../../types.ts';
import { randomValue } from '../random.ts';
import { runningWithGroup, sampleStaged, trialsWithGroup } from '../staged.ts';
import { buildParzen, parzenLogDensity, sampleParzen, type ParzenOptions } from './parzen-estimator.ts';

export type TpeOptions = ParzenOptions & {
  /** Trials sampled at random before the model is trusted (per group). */
  nStartupTrials: number;
  /** Candidates drawn from l(x) per suggestion. */
  nCandidates: number;
  /** γ: fraction of finished trials counted as good, capped at gammaMax trials. */
  gamma: number;
  gammaMax: number;
  /** Running trials count as bad ones (above), so parallel suggestions avoid each other. */
  constantLiar: boolean;
};

export const TPE_DEFAULTS: TpeOptions = {
  nStartupTrials: 10, nCandidates: 24, gamma: 0.1, gammaMax: 25, priorWeight: 1, bandwidth: 0.1, minBandwidth: 0.01, constantLiar: true,
};

type Modelled = NumericParam | CategoricalParam;

/** How many of n finished trials count as good: ⌈γ·n⌉ capped, at least one. */
export const splitSize = (n: number, gamma: number, max: number): number => Math.max(1, Math.min(Math.ceil(gamma * n), max));

export class TpeSampler implements Sampler {
  readonly name = 'tpe';
  private options: TpeOptions;
  constructor(options: Partial<TpeOptions> = {}) {
    this.options = { ...TPE_DEFAULTS, ...options };
  }

  sample(space: Space, history: readonly FrozenTrial[], ctx: SampleContext): Params {
    return sampleStaged(space, (group) => this.sampleGroup(group as Modelled[], history, ctx));
  }

  private sampleGroup(group: readonly Modelled[], history: readonly FrozenTrial[], ctx: SampleContext): Params {
    const o = this.options;
    const trials = trialsWithGroup(history, group as ParamDef[]);
    const complete = trials.filter((t) => t.state === 'complete');
    if (complete.length < Math.max(1, o.nStartupTrials))
      return Object.fromEntries(group.map((d) => [d.name, randomValue(d, ctx.rng)]));
    const order = rankOrder(complete.map((t) => t.values!), ctx.directions);
    const nBelow = Math.min(splitSize(trials.length, o.gamma, o.gammaMax), complete.length);
    const below = order.slice(0, nBelow).map((i) => complete[i]);
    const above = [
      ...order.slice(nBelow).map((i) => complete[i]),
      ...trials.filter((t) => t.state === 'pruned'),
      ...(o.constantLiar ? runningWithGroup(history, group as ParamDef[]) : []),
    ];
    const encode = (t: FrozenTrial) => group.map((d) => encodeValue(d, t.params[d.name]));
    const l = buildParzen(group, below.map(encode), o);
    const g = buildParzen(group, above.map(encode), o);
    let best: number[] | undefined;
    let bestScore = -Infinity;
    for (const c of sampleParzen(l, ctx.rng, o.nCandidates)) {
      const score = parzenLogDensity(l, c) - parzenLogDensity(g, c);
      if (best === undefined || score > bestScore) {
        best = c;
        bestScore = score;
      }
    }
    return Object.fromEntries(group.map((d, i) => [d.name, decodeValue(d, best![i])]));
  }

  getState(): SamplerState {
    return { name: this.name, version: 1, options: { ...this.options } };
  }
  setState(state: SamplerState): void {
    this.options = { ...TPE_DEFAULTS, ...(state.options as Partial<TpeOptions>) };
  }
}
