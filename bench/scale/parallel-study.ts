/**
 * An asynchronous parallel study in memory, for the sample-efficiency half of
 * bench/scale.ts: `workers` trials are in flight at once, each takes a seeded
 * random time, and whenever one ends its worker tells the result and asks
 * again while the others are still running — the situation of many
 * `modelbench worker` processes on one study. Each worker samples from its own
 * stream, as StudyState.claim does.
 */
import { ask } from '../../main/tuner/ask.ts';
import { validateSpace } from '../../main/tuner/space.ts';
import type { FrozenTrial, Params, Sampler } from '../../main/tuner/types.ts';
import { createRng, deriveSeed } from '../../main/util/rng.ts';
import type { TestFunction } from '../tuner/functions.ts';

export type ParallelResult = { regret: number; closestPending: number };

export function runParallelStudy(f: TestFunction, sampler: Sampler, seed: number, trials: number, workers: number): ParallelResult {
  const space = validateSpace({ params: Object.fromEntries(f.bounds.map(([low, high], i) => [`x${i}`, { kind: 'float', low, high }])) });
  const history: FrozenTrial[] = [];
  const clock = createRng(deriveSeed(seed, 'durations'));
  const inFlight: { number: number; params: Params; ends: number }[] = [];
  let now = 0;
  let best = Infinity;
  let asked = 0;
  const scale = f.bounds.map(([lo, hi]) => hi - lo);
  const distances: number[] = [];
  const start = (w: number) => {
    const { number, params } = ask(space, sampler, history, { seed: deriveSeed(seed, `worker.${w}`), trialNumber: asked });
    // How close it lands to the nearest trial still running elsewhere (normalised box distance).
    const running = history.filter((t) => t.state === 'running');
    if (running.length) distances.push(Math.min(...running.map((t) => Math.hypot(...f.bounds.map((_, i) => ((params[`x${i}`] as number) - (t.params[`x${i}`] as number)) / scale[i])))));
    history.push({ number, state: 'running', params, intermediate: {} });
    inFlight.push({ number, params, ends: now + 0.5 + clock.next() });
    asked++;
  };
  for (let w = 0; w < Math.min(workers, trials); w++) start(w);
  let finished = 0;
  while (inFlight.length) {
    inFlight.sort((a, b) => a.ends - b.ends);
    const t = inFlight.shift()!;
    now = t.ends;
    const value = f.fn(f.bounds.map((_, i) => t.params[`x${i}`] as number));
    history[history.findIndex((h) => h.number === t.number)] = { number: t.number, state: 'complete', params: t.params, values: [value], intermediate: {} };
    best = Math.min(best, value);
    finished++;
    if (asked < trials) start(finished % workers);
  }
  const sorted = [...distances].sort((a, b) => a - b);
  return { regret: best - f.minimum, closestPending: sorted.length ? sorted[Math.floor(sorted.length / 2)] : NaN };
}
