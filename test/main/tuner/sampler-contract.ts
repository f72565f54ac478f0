/**
 * The contract every sampler must meet. A new sampler joins by adding one
 * `samplerContract(...)` line to samplers.test.ts.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ask } from '../../../main/tuner/ask.ts';
import { checkParams, validateSpace } from '../../../main/tuner/space.ts';
import { restoreSampler } from '../../../main/tuner/samplers/index.ts';
import type { FrozenTrial, Sampler } from '../../../main/tuner/types.ts';
import { freezeTrial, richObjective, richSpace, runLoop } from './fixtures.ts';

export type ContractOptions = {
  /** False for samplers whose suggestions do not depend on the seed (grid). */
  seedSensitive?: boolean;
  /** False where a short run cannot reach every branch (grid walks the product in order). */
  coversBranches?: boolean;
  /** Trials per loop: enough to get past a model's random start-up. */
  trials?: number;
};

export function samplerContract(label: string, make: () => Sampler, opts: ContractOptions = {}): void {
  const trials = opts.trials ?? 30;
  describe(`sampler contract: ${label}`, () => {
    test('every suggestion fits the space, conditional params present iff their condition holds', () => {
      const space = richSpace();
      const history = runLoop(space, make(), trials, 7);
      for (const t of history) assert.deepEqual(checkParams(space, t.params), [], JSON.stringify(t.params));
      // The conditional branches were all exercised.
      if (opts.coversBranches !== false) assert.ok(history.some((t) => t.params.units_3 !== undefined) && history.some((t) => t.params.units_3 === undefined));
      if (opts.coversBranches !== false) assert.ok(history.some((t) => t.params.momentum !== undefined));
      for (const t of history) assert.equal(t.params.seed, 42);
    });

    test('same seed and history give the same suggestions', () => {
      const a = runLoop(richSpace(), make(), trials, 11).map((t) => t.params);
      const b = runLoop(richSpace(), make(), trials, 11).map((t) => t.params);
      assert.deepEqual(a, b);
      if (opts.seedSensitive !== false) assert.notDeepEqual(runLoop(richSpace(), make(), trials, 12).map((t) => t.params), a);
    });

    test('works with an empty history', () => {
      const space = richSpace();
      const { params } = ask(space, make(), [], { seed: 1 });
      assert.deepEqual(checkParams(space, params), []);
    });

    test('tolerates failed, pruned, running and stale trials in history', () => {
      const space = richSpace();
      const base = runLoop(space, make(), trials, 3);
      const odd: FrozenTrial[] = [
        freezeTrial({ number: 1000, state: 'failed', params: base[0].params, intermediate: {} }),
        freezeTrial({ number: 1001, state: 'pruned', params: base[1].params, intermediate: { 1: 5, 2: Number.NaN } }),
        freezeTrial({ number: 1002, state: 'running', params: base[2].params, intermediate: { 1: 0.1 } }),
        freezeTrial({ number: 1003, state: 'complete', params: { ...base[3].params, lr: 7 }, values: [-100], intermediate: {} }),
        freezeTrial({ number: 1004, state: 'complete', params: base[4].params, values: [Number.NaN], intermediate: {} }),
      ];
      const history = runLoop(space, make(), 10, 4, ['minimize'], richObjective, [...base, ...odd]);
      for (const t of history) if (t.number > 1004) assert.deepEqual(checkParams(space, t.params), []);
    });

    test('a single-point space gives its only point', () => {
      const space = validateSpace({ params: {
        a: { kind: 'fixed', value: 'x' }, b: { kind: 'int', low: 3, high: 3 }, c: { kind: 'categorical', choices: [null] },
      } });
      const history = runLoop(space, make(), 15, 5, ['minimize'], () => [1]);
      for (const t of history) assert.deepEqual(t.params, { a: 'x', b: 3, c: null });
    });

    test('several objectives (maximize + minimize) are handled', () => {
      const space = richSpace();
      const history = runLoop(space, make(), trials, 9, ['maximize', 'minimize']);
      for (const t of history) assert.deepEqual(checkParams(space, t.params), []);
    });

    test('JSON state round-trip rebuilds an equivalent sampler', () => {
      const space = richSpace();
      const sampler = make();
      const history = runLoop(space, sampler, trials, 21);
      const restored = restoreSampler(JSON.parse(JSON.stringify(sampler.getState())));
      assert.equal(restored.name, sampler.name);
      assert.deepEqual(restored.getState(), sampler.getState());
      for (let n = 0; n < 3; n++)
        assert.deepEqual(ask(space, restored, history, { seed: 21 }).params, ask(space, sampler, history, { seed: 21 }).params);
    });
  });
}
