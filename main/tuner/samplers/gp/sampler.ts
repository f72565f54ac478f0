/**
 * Gaussian-process Bayesian optimisation: a Matérn-5/2 GP (MAP-fitted
 * hyperparameters) on the encoded params, and the point that maximises log
 * expected improvement. Conditional spaces are handled like TPE: one model
 * per stage group, fitted on the trials where that group was active.
 * Several objectives: a random augmented Chebyshev scalarisation per trial
 * (ParEGO, Knowles 2006), drawn from the trial's seeded stream.
 * Pruned and failed trials are left out: only complete ones are data.
 * Pending points (on by default): each running trial (in flight here or on
 * another worker) joins the data with the mean loss seen so far (the
 * "constant liar, mean" of Ginsbourger et al. 2010), so expected improvement
 * drops around it and parallel workers that ask at once do not propose the
 * same point. The mean lie was the best of max, min, mean and the kriging
 * believer in bench/scale.ts (docs/scale.md has the figures).
 */
import type { Rng } from '../../../util/rng.ts';
import { toLoss } from '../../pareto.ts';
import type { Space } from '../../space.ts';
import type { FrozenTrial, Params, SampleContext, Sampler, SamplerState, StudyDirection } from '../../types.ts';
import { randomValue } from '../random.ts';
import { runningWithGroup, sampleStaged, trialsWithGroup } from '../staged.ts';
import { logExpectedImprovement } from './acquisition.ts';
import { decode, encode, makeLayout, type Modelled } from './encoding.ts';
import { fitGp, predict } from './gp.ts';
import { ACQ_DEFAULTS, optimizeAcquisition, type AcqOptions } from './optimize-acquisition.ts';

export type GpOptions = AcqOptions & {
  nStartupTrials: number;
  /** Most recent-best trials kept when history is long (cost is cubic). */
  maxTrials: number;
  /** Running trials join the data at the mean loss seen (see above). */
  pendingPoints: boolean;
};
export const GP_DEFAULTS: GpOptions = { ...ACQ_DEFAULTS, nStartupTrials: 10, maxTrials: 200, pendingPoints: true };

/** ParEGO: normalise each objective over the data, then max_i wᵢfᵢ + 0.05·Σ wᵢfᵢ. */
export function scalarise(values: readonly (readonly number[])[], directions: readonly StudyDirection[], rng: Rng): number[] {
  const losses = values.map((v) => toLoss(v, directions));
  if (directions.length === 1) return losses.map((l) => l[0]);
  const m = directions.length;
  const raw = Array.from({ length: m }, () => -Math.log(Math.max(rng.next(), 1e-12)));
  const w = raw.map((r) => r / raw.reduce((a, b) => a + b));
  const lo = w.map((_, k) => Math.min(...losses.map((l) => l[k])));
  const hi = w.map((_, k) => Math.max(...losses.map((l) => l[k])));
  return losses.map((l) => {
    const f = l.map((x, k) => (hi[k] > lo[k] ? (x - lo[k]) / (hi[k] - lo[k]) : 0));
    return Math.max(...f.map((x, k) => w[k] * x)) + 0.05 * f.reduce((s, x, k) => s + w[k] * x, 0);
  });
}

export function standardise(y: readonly number[]): number[] {
  const mean = y.reduce((a, b) => a + b, 0) / y.length;
  const sd = Math.sqrt(y.reduce((a, b) => a + (b - mean) ** 2, 0) / y.length) || 1;
  return y.map((v) => (v - mean) / sd);
}

export class GpSampler implements Sampler {
  readonly name = 'gp';
  private options: GpOptions;
  constructor(options: Partial<GpOptions> = {}) {
    this.options = { ...GP_DEFAULTS, ...options };
  }

  sample(space: Space, history: readonly FrozenTrial[], ctx: SampleContext): Params {
    return sampleStaged(space, (group) => this.sampleGroup(group as Modelled[], history, ctx));
  }

  private sampleGroup(group: readonly Modelled[], history: readonly FrozenTrial[], ctx: SampleContext): Params {
    const o = this.options;
    let trials = trialsWithGroup(history, group).filter((t) => t.state === 'complete');
    if (trials.length < Math.max(1, o.nStartupTrials))
      return Object.fromEntries(group.map((d) => [d.name, randomValue(d, ctx.rng)]));
    let losses = scalarise(trials.map((t) => t.values!), ctx.directions, ctx.rng);
    if (trials.length > o.maxTrials) {
      const keep = [...losses.keys()].sort((a, b) => losses[a] - losses[b] || a - b).slice(0, o.maxTrials);
      trials = keep.map((i) => trials[i]);
      losses = keep.map((i) => losses[i]);
    }
    const layout = makeLayout(group);
    const x = trials.map((t) => encode(layout, t.params));
    const pending = o.pendingPoints ? runningWithGroup(history, group) : [];
    const lie = losses.reduce((a, b) => a + b, 0) / losses.length;
    for (const t of pending) x.push(encode(layout, t.params));
    const y = standardise([...losses, ...pending.map(() => lie)]);
    const model = fitGp(x, y);
    // The incumbent and the starting points are real results only, never lies.
    const best = Math.min(...y.slice(0, losses.length));
    const score = (v: Float64Array) => {
      const p = predict(model, v);
      return logExpectedImprovement(p.mean, p.variance, best);
    };
    const incumbents = [...losses.keys()].sort((a, b) => y[a] - y[b]).slice(0, 5).map((i) => x[i]);
    return decode(layout, optimizeAcquisition(layout, score, incumbents, ctx.rng, o));
  }

  getState(): SamplerState {
    return { name: this.name, version: 1, options: { ...this.options } };
  }
  setState(state: SamplerState): void {
    this.options = { ...GP_DEFAULTS, ...(state.options as Partial<GpOptions>) };
  }
}
