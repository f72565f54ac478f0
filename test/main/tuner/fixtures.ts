/** Shared test fixtures: a conditional space with every param kind, a synthetic objective and history builders. */
import { ask } from '../../../main/tuner/ask.ts';
import { validateSpace, type Space } from '../../../main/tuner/space.ts';
import type { FrozenTrial, Params, Sampler, StudyDirection } from '../../../main/tuner/types.ts';

export const RICH_SPACE_JSON = {
  params: {
    lr: { kind: 'float', low: 1e-4, high: 1e-1, log: true },
    dropout: { kind: 'float', low: 0, high: 0.5 },
    depth: { kind: 'int', low: 1, high: 4 },
    units_3: { kind: 'int', low: 16, high: 256, step: 80, when: { param: 'depth', op: 'gte', value: 3 } },
    batch: { kind: 'int', low: 8, high: 512, log: true },
    opt: { kind: 'categorical', choices: ['adam', 'sgd', 'rmsprop'] },
    momentum: { kind: 'float', low: 0.5, high: 0.99, when: { param: 'opt', op: 'eq', value: 'sgd' } },
    nesterov: { kind: 'categorical', choices: [true, false], when: { param: 'momentum', op: 'gt', value: 0.7 } },
    flag: { kind: 'categorical', choices: [true, 0, null, 'x'] },
    seed: { kind: 'fixed', value: 42 },
  },
} as const;

export const richSpace = (): Space => validateSpace(RICH_SPACE_JSON);

/** Cheap objective over the rich space with a known good region (lr ≈ 3e-3, low dropout, sgd). */
export function richObjective(p: Params): number[] {
  let f = (Math.log10(p.lr as number) + 2.5) ** 2 + (p.dropout as number) + 0.1 * ((p.depth as number) - 3) ** 2;
  if (p.units_3 !== undefined) f += Math.abs((p.units_3 as number) - 96) / 500;
  f += p.opt === 'sgd' ? 1 - (p.momentum as number) : 0.3;
  if (p.nesterov === true) f -= 0.05;
  return [f, Math.log2(p.batch as number)];
}

/** Deep-freezes a trial, so a sampler or pruner that writes to one throws. */
export function freezeTrial(t: FrozenTrial): FrozenTrial {
  Object.freeze(t.params);
  Object.freeze(t.intermediate);
  if (t.values) Object.freeze(t.values);
  return Object.freeze(t);
}

/** Runs an ask/tell loop; objectives beyond `directions.length` are dropped. */
export function runLoop(space: Space, sampler: Sampler, n: number, seed: number, directions: readonly StudyDirection[] = ['minimize'],
  objective: (p: Params) => number[] = richObjective, start: FrozenTrial[] = []): FrozenTrial[] {
  const history = [...start];
  for (let i = 0; i < n; i++) {
    const { number, params } = ask(space, sampler, history, { seed, directions });
    const values = objective(params).slice(0, directions.length);
    history.push(freezeTrial({ number, state: 'complete', params, values, intermediate: { 1: values[0] } }));
  }
  return history;
}
