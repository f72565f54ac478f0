/** A minimal in-memory ask/tell loop over one test function, for the benchmark. */
import { ask } from '../../main/tuner/ask.ts';
import { validateSpace } from '../../main/tuner/space.ts';
import type { FrozenTrial, Sampler } from '../../main/tuner/types.ts';
import type { TestFunction } from './functions.ts';

export type StudyResult = { function: string; sampler: string; seed: number; trials: number; best: number; regret: number; bestSoFar: number[] };

export function runStudy(f: TestFunction, sampler: Sampler, seed: number, trials: number): StudyResult {
  const space = validateSpace({ params: Object.fromEntries(f.bounds.map(([low, high], i) => [`x${i}`, { kind: 'float', low, high }])) });
  const history: FrozenTrial[] = [];
  const bestSoFar: number[] = [];
  let best = Infinity;
  for (let n = 0; n < trials; n++) {
    const { number, params } = ask(space, sampler, history, { seed });
    const value = f.fn(f.bounds.map((_, i) => params[`x${i}`] as number));
    history.push({ number, state: 'complete', params, values: [value], intermediate: {} });
    best = Math.min(best, value);
    bestSoFar.push(best);
  }
  return { function: f.name, sampler: sampler.name, seed, trials, best, regret: best - f.minimum, bestSoFar };
}
