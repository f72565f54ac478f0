import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyRunEvent, initialLiveRun, isFinished, progressFraction, type LiveRun } from '../../../renderer/src/lib/run-progress.ts';

test('folds started → batch → epoch → finished', () => {
  let s = initialLiveRun('r1', 4);
  s = applyRunEvent(s, { type: 'started', runId: 'r1', backend: 'cpu', epochs: 4, paramCount: 100 });
  assert.equal(s.status, 'running');
  assert.equal(s.backend, 'cpu');
  s = applyRunEvent(s, { type: 'batch', runId: 'r1', epoch: 0, batch: 5, batches: 10, loss: 1.2 });
  assert.equal(progressFraction(s), 0.125);
  s = applyRunEvent(s, {
    type: 'epoch', runId: 'r1', epoch: 1, epochs: 4, learningRate: 0.01,
    train: { loss: 1, accuracy: 0.5 }, val: { loss: 1.1 }, elapsedMs: 1000, etaMs: 3000,
  });
  assert.equal(s.points.length, 3);
  assert.deepEqual(s.points[2], { epoch: 1, split: 'val', name: 'loss', value: 1.1 });
  assert.equal(progressFraction(s), 0.25);
  assert.equal(s.etaMs, 3000);
  assert.equal(isFinished(s), false);
  s = applyRunEvent(s, { type: 'finished', runId: 'r1', status: 'completed', metrics: { val: { loss: 0.3 } }, error: null });
  assert.equal(isFinished(s), true);
  assert.equal(progressFraction(s), 1);
});

test('ignores events of other runs (same object back)', () => {
  const s = initialLiveRun('r1', 4);
  assert.equal(applyRunEvent(s, { type: 'batch', runId: 'other', epoch: 0, batch: 1, batches: 2, loss: 1 }), s);
});

test('a cancelled run reports how far it got', () => {
  let s: LiveRun = { ...initialLiveRun('r', 10), epoch: 3, status: 'running' };
  s = applyRunEvent(s, { type: 'finished', runId: 'r', status: 'cancelled', metrics: {}, error: null });
  assert.equal(progressFraction(s), 0.3);
});
