/** Sample-efficiency smoke test: model-based samplers must beat random search on Branin on average. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FUNCTIONS } from '../../../bench/tuner/functions.ts';
import { runStudy } from '../../../bench/tuner/run-study.ts';
import { RandomSampler } from '../../../main/tuner/samplers/random.ts';
import { TpeSampler } from '../../../main/tuner/samplers/tpe/sampler.ts';

const branin = FUNCTIONS.find((f) => f.name === 'branin')!;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

test('TPE beats random on Branin (mean regret over 6 seeds, 40 trials)', () => {
  const seeds = [0, 1, 2, 3, 4, 5];
  const tpe = mean(seeds.map((s) => runStudy(branin, new TpeSampler(), s, 40).regret));
  const random = mean(seeds.map((s) => runStudy(branin, new RandomSampler(), s, 40).regret));
  console.log(`branin regret after 40 trials: tpe ${tpe.toFixed(4)}, random ${random.toFixed(4)}`);
  assert.ok(tpe < random, `tpe ${tpe} vs random ${random}`);
});
