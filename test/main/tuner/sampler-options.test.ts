import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { ApiError } from '../../../main/api/errors.ts';
import { MAX_GP_TRIALS, MAX_SAMPLER_POPULATION } from '../../../main/limits.ts';
import { createPruner } from '../../../main/tuner/pruners/index.ts';
import { createSampler, restoreSampler, SAMPLER_NAMES, type SamplerName } from '../../../main/tuner/samplers/index.ts';
import { SAMPLER_OPTIONS } from '../../../main/tuner/samplers/options.ts';
import type { FrozenTrial } from '../../../main/tuner/types.ts';
import { richSpace, runLoop } from './fixtures.ts';

const refused = (pattern: RegExp) => (e: unknown) => e instanceof ApiError && e.code === 'invalid_argument' && pattern.test(e.message);

test('a population of 0 is refused when the sampler is made, not by a later ask', () => {
  // Before: the genetic sampler was created, then its third ask read params of an empty population.
  for (const name of ['genetic', 'nsga2'] as const) {
    assert.throws(() => createSampler(name, { populationSize: 0 }), refused(new RegExp(`^sampler '${name}': populationSize: Must be at least 2$`)));
  }
});

test('an option no sampler knows is refused, naming it', () => {
  assert.throws(() => createSampler('genetic', { populationsize: 10 }), refused(/^sampler 'genetic': options: Unknown field 'populationsize'$/));
  assert.throws(() => createSampler('random', { seed: 1 }), refused(/Unknown field 'seed'/));
  assert.throws(() => createSampler('tpe', { nStartupTrials: 5, nCandidate: 24 }), refused(/Unknown field 'nCandidate'/));
  assert.throws(() => createSampler('gp', { maxTrials: MAX_GP_TRIALS + 1 }), refused(new RegExp(`maxTrials: Must be at most ${MAX_GP_TRIALS.toLocaleString('en-US')}`)));
  assert.throws(() => createSampler('tpe', { gamma: 0 }), refused(/gamma: Must be more than 0/));
  assert.throws(() => createSampler('genetic', { crossover: 'one-point' }), refused(/crossover: Must be one of 'uniform', 'blend'/));
  assert.throws(() => createSampler('nsga2', { mutationProb: 2 }), refused(/mutationProb: Must be at most 1/));
  assert.throws(() => createSampler('grid', { grid: { x: [] } }), refused(/grid\.x: At least 1 needed/));
  assert.throws(() => createSampler('tpe', { constantLiar: 'yes' }), refused(/constantLiar: Expected true or false/));
});

/** Every numeric option of a schema at its lowest and highest allowed value (capped so the test stays fast). */
function boundCases(name: SamplerName): Record<string, unknown>[] {
  const shape = (SAMPLER_OPTIONS[name] as unknown as z.ZodObject).shape as Record<string, z.ZodType>;
  const cases: Record<string, unknown>[] = [{}];
  for (const [key, schema] of Object.entries(shape)) {
    const inner = (schema as z.ZodOptional).unwrap() as z.ZodType;
    const number = inner instanceof z.ZodNullable ? (inner.unwrap() as z.ZodType) : inner;
    if (inner instanceof z.ZodNullable) cases.push({ [key]: null });
    if (number instanceof z.ZodNumber) {
      const low = Number.isFinite(number.minValue) ? number.minValue! : 0;
      const high = Number.isFinite(number.maxValue) ? number.maxValue! : 1;
      // The cost caps (candidates, population, GP trials) are tested at a size this test can afford.
      const affordable = Math.min(high, 300);
      for (const v of [low, affordable]) if (number.safeParse(v).success) cases.push({ [key]: v });
      // An exclusive lower bound: just above it.
      if (!number.safeParse(low).success) cases.push({ [key]: low + 1e-3 });
    }
    if (number instanceof z.ZodBoolean) cases.push({ [key]: true }, { [key]: false });
    if (number instanceof z.ZodEnum) for (const v of number.options) cases.push({ [key]: v });
  }
  return cases;
}

test('every sampler option at its bounds gives a sampler that keeps answering asks past its start-up trials', () => {
  const space = richSpace();
  for (const name of SAMPLER_NAMES) {
    if (name === 'grid') continue; // a float space needs grid points: covered below
    for (const options of boundCases(name)) {
      const sampler = createSampler(name, options);
      // 12 trials: past the smallest start-up and population sizes, so the model or parents are used.
      const history: FrozenTrial[] = runLoop(space, sampler, 12, 3, ['minimize', 'minimize']);
      assert.equal(history.length, 12, `${name} ${JSON.stringify(options)}`);
    }
  }
  const grid = createSampler('grid', { pointsPerContinuous: 1 });
  assert.equal(runLoop(space, grid, 4, 1).length, 4);
});

test('the caps are explicit and the defaults pass their own schema', () => {
  assert.throws(() => createSampler('genetic', { populationSize: MAX_SAMPLER_POPULATION + 1 }), refused(/populationSize: Must be at most 10,000/));
  for (const name of SAMPLER_NAMES) {
    const state = createSampler(name).getState();
    assert.equal(SAMPLER_OPTIONS[name].safeParse(state.options).success, true, `${name} defaults ${JSON.stringify(state.options)}`);
    assert.deepEqual(restoreSampler(state).getState(), state);
  }
});

test('a saved sampler state with bad options is refused on restore instead of failing an ask later', () => {
  assert.throws(() => restoreSampler({ name: 'genetic', version: 1, options: { populationSize: 0 } }), refused(/populationSize: Must be at least 2/));
});

test('pruner options have explicit ranges', () => {
  assert.throws(() => createPruner({ kind: 'hyperband', minResource: 1e-300, maxResource: 1e300 }), /minResource|maxResource/);
  assert.throws(() => createPruner({ kind: 'hyperband', minResource: 10, maxResource: 5 }), /must be more than minResource/);
  assert.throws(() => createPruner({ kind: 'successive-halving', reductionFactor: 1e6 }), /reductionFactor/);
  assert.throws(() => createPruner({ kind: 'median', nWarmupSteps: 1e15 }), /nWarmupSteps/);
  assert.throws(() => createPruner({ kind: 'median', intervalSteps: 0 }), /intervalSteps/);
  assert.equal(createPruner({ kind: 'hyperband', minResource: 1, maxResource: 1_000_000, reductionFactor: 2 }).name, 'hyperband');
});
