/**
 * Trials running elsewhere: TPE's constant liar and GP's pending points make
 * workers that ask at the same moment (each seeing the others' trials as
 * running) spread out, where without them they pile onto the same optimum.
 * Measured over seeds: the closest pair among 4 simultaneous suggestions.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ask } from '../../../main/tuner/ask.ts';
import { GpSampler } from '../../../main/tuner/samplers/gp/sampler.ts';
import { TpeSampler } from '../../../main/tuner/samplers/tpe/sampler.ts';
import { validateSpace } from '../../../main/tuner/space.ts';
import type { FrozenTrial, Sampler } from '../../../main/tuner/types.ts';
import { createRng, deriveSeed } from '../../../main/util/rng.ts';

const space = validateSpace({ params: { x: { kind: 'float', low: -5, high: 5 }, y: { kind: 'float', low: -5, high: 5 } } });
const f = (x: number, y: number) => (x - 1) ** 2 + (y + 2) ** 2;

/** 20 complete trials at seeded random points. */
function history(seed: number): FrozenTrial[] {
  const rng = createRng(seed);
  return Array.from({ length: 20 }, (_, n) => {
    const x = -5 + 10 * rng.next();
    const y = -5 + 10 * rng.next();
    return { number: n, state: 'complete', params: { x, y }, values: [f(x, y)], intermediate: {} };
  });
}

/** Four workers ask one after another before any tells: each sees the earlier ones running. Returns the closest pair's distance. */
function closestOfFour(make: () => Sampler, seed: number): number {
  const trials = history(seed);
  const picked: { x: number; y: number }[] = [];
  for (let w = 0; w < 4; w++) {
    // Each worker samples from its own stream (main/study/study-state.ts does the same in shared mode).
    const { number, params } = ask(space, make(), trials, { seed: deriveSeed(seed, `worker-${w}`), trialNumber: trials.length });
    trials.push({ number, state: 'running', params, intermediate: {} });
    picked.push(params as { x: number; y: number });
  }
  let best = Infinity;
  for (let i = 0; i < 4; i++) for (let j = i + 1; j < 4; j++) best = Math.min(best, Math.hypot(picked[i].x - picked[j].x, picked[i].y - picked[j].y));
  return best;
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

for (const [name, withLie, without] of [
  ['tpe constant liar', () => new TpeSampler(), () => new TpeSampler({ constantLiar: false })],
  ['gp pending points', () => new GpSampler(), () => new GpSampler({ pendingPoints: false })],
] as const) {
  test(`${name}: simultaneous suggestions keep apart`, () => {
    const seeds = Array.from({ length: name.startsWith('gp') ? 6 : 15 }, (_, i) => 100 + i);
    const lie = median(seeds.map((s) => closestOfFour(withLie, s)));
    const plain = median(seeds.map((s) => closestOfFour(without, s)));
    assert.ok(lie > 1.5 * plain, `closest pair (median over seeds): ${lie.toFixed(3)} with, ${plain.toFixed(3)} without`);
  });
}
