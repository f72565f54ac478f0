/**
 * The contract every pruner must meet; a new pruner joins with one
 * `prunerContract(...)` line in pruners.test.ts.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { shouldPrune } from '../../../main/tuner/ask.ts';
import type { FrozenTrial, Pruner, StudyDirection } from '../../../main/tuner/types.ts';
import { freezeTrial } from './fixtures.ts';

/** A learning curve (loss) reported at steps 1..steps that settles at `level`. */
export function curveTrial(number: number, level: number, steps: number, state: FrozenTrial['state'] = 'complete', sign = 1): FrozenTrial {
  const intermediate: Record<number, number> = {};
  for (let s = 1; s <= steps; s++) intermediate[s] = sign * (level + 1 / s);
  return freezeTrial({ number, state, params: { x: level }, values: state === 'complete' ? [sign * level] : undefined, intermediate });
}

/** Fifty finished trials with levels spread over [0, 1), in a shuffled but fixed order. */
export const finishedHistory = (sign = 1, steps = 27): FrozenTrial[] =>
  Array.from({ length: 50 }, (_, i) => curveTrial(i, ((i * 37) % 50) / 50, steps, 'complete', sign));

/** The running trial's reports up to `upTo`. */
const running = (number: number, level: number, upTo: number, sign = 1) => curveTrial(number, level, upTo, 'running', sign);

export function prunerContract(label: string, make: () => Pruner, opts: { prunesBadTrials: boolean }): void {
  describe(`pruner contract: ${label}`, () => {
    test('a trial with no reports is never pruned', () => {
      const t = freezeTrial({ number: 99, state: 'running', params: {}, intermediate: {} });
      assert.equal(make().prune(finishedHistory(), t, ['minimize']), false);
      assert.equal(shouldPrune(make(), finishedHistory(), t), false);
    });

    test('works with an empty history and with failed trials', () => {
      const failed = freezeTrial({ number: 0, state: 'failed', params: {}, intermediate: { 1: Number.NaN } });
      for (let step = 1; step <= 10; step++) {
        assert.equal(typeof make().prune([], running(5, 0.5, step), ['minimize']), 'boolean');
        assert.equal(typeof make().prune([failed], running(5, 0.5, step), ['minimize']), 'boolean');
      }
    });

    test('deterministic, and history is only read (frozen objects would throw on a write)', () => {
      const h = finishedHistory();
      for (let step = 1; step <= 27; step++) {
        const t = running(50, 0.7, step);
        assert.equal(make().prune(h, t, ['minimize']), make().prune(h, t, ['minimize']));
      }
    });

    for (const [dirs, sign] of [[['minimize'], 1], [['maximize'], -1], [['maximize', 'minimize'], -1]] as [StudyDirection[], number][]) {
      test(`the best trial is never pruned (${dirs.join(', ')})`, () => {
        const h = finishedHistory(sign);
        for (let step = 1; step <= 27; step++) assert.equal(make().prune(h, running(50, -1, step, sign), dirs), false, `step ${step}`);
      });
      if (opts.prunesBadTrials)
        test(`a clearly bad trial is pruned by the end (${dirs.join(', ')})`, () => {
          // Six bad trials; at most one may survive, because Hyperband's last bracket never stops early.
          const h = finishedHistory(sign);
          let prunedCount = 0;
          for (let n = 50; n < 56; n++) {
            let pruned = false;
            for (let step = 1; step <= 27 && !pruned; step++) pruned = make().prune(h, running(n, 5, step, sign), dirs);
            if (pruned) prunedCount++;
          }
          assert.ok(prunedCount >= 5, `${prunedCount} of 6 pruned`);
        });
    }
  });
}
