import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyExperimentEvent, initialExperimentLive } from '../../../renderer/src/lib/experiment-live.ts';
import { step } from './experiment-fixtures.ts';

test('folds the event stream of one experiment and ignores the others', () => {
  let s = initialExperimentLive('e1');
  s = applyExperimentEvent(s, { type: 'experiment-started', experimentId: 'e1', kind: 'prune' });
  assert.equal(s.status, 'running');
  s = applyExperimentEvent(s, { type: 'step-started', experimentId: 'e1', step: 1, kind: 'pruned', label: 'magnitude 50%', runId: 'r1' });
  assert.deepEqual(s.current, { step: 1, kind: 'pruned', label: 'magnitude 50%', runId: 'r1' });
  const same = applyExperimentEvent(s, { type: 'experiment-started', experimentId: 'other', kind: 'prune' });
  assert.equal(same, s);
  s = applyExperimentEvent(s, { type: 'step-finished', experimentId: 'e1', step: step(1, 'pruned') });
  assert.equal(s.current, null);
  assert.deepEqual(s.finished.map((x) => x.step), [1]);
  s = applyExperimentEvent(s, { type: 'step-finished', experimentId: 'e1', step: step(0, 'baseline') });
  s = applyExperimentEvent(s, { type: 'step-finished', experimentId: 'e1', step: step(1, 'pruned', { status: 'failed' }) });
  assert.deepEqual(s.finished.map((x) => [x.step, x.status]), [[0, 'completed'], [1, 'failed']]);
  s = applyExperimentEvent(s, { type: 'experiment-finished', experimentId: 'e1', status: 'failed', error: 'boom', bestStep: null });
  assert.deepEqual([s.status, s.error, s.current], ['failed', 'boom', null]);
});
