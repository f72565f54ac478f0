/** What the app announces about a trial another process runs: the difference between two looks, as study events. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trialEvents } from '../../../main/study/remote-watch.ts';
import type { FrozenTrial } from '../../../main/tuner/types.ts';

const running: FrozenTrial = { number: 3, state: 'running', params: { x: 1 }, intermediate: { 1: 0.5 } };

test('a trial seen for the first time starts, with every report it already made', () => {
  assert.deepEqual(trialEvents('s', undefined, running, false).map((e) => e.type), ['trial-started', 'trial-reported']);
});

test('only new or changed reports are announced, then how the trial ended, once', () => {
  const later: FrozenTrial = { ...running, intermediate: { 1: 0.5, 2: 0.4 } };
  assert.deepEqual(trialEvents('s', running, later, false), [{ type: 'trial-reported', studyId: 's', number: 3, step: 2, value: 0.4 }]);
  const done: FrozenTrial = { ...later, state: 'complete', values: [0.3] };
  assert.deepEqual(trialEvents('s', later, done, true), [{ type: 'trial-completed', studyId: 's', number: 3, values: [0.3], isBest: true }]);
  assert.deepEqual(trialEvents('s', done, done, true), [], 'nothing changed, nothing said');
  assert.equal(trialEvents('s', later, { ...later, state: 'pruned' }, false)[0].type, 'trial-pruned');
  assert.equal(trialEvents('s', later, { ...later, state: 'failed' }, false)[0].type, 'trial-failed');
});
