import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runStatusLabel } from '../../../renderer/src/lib/run-status.ts';

test('a study trial stopped by the pruner reads pruned, not cancelled', () => {
  assert.equal(runStatusLabel({ status: 'cancelled', error: 'pruned at epoch 3', tags: ['study', 'study:study_1'] }), 'pruned');
});

test('everything else keeps its stored status', () => {
  assert.equal(runStatusLabel({ status: 'cancelled', error: null, tags: ['study', 'study:study_1'] }), 'cancelled', 'a trial the user stopped');
  assert.equal(runStatusLabel({ status: 'cancelled', error: 'pruned at epoch 3', tags: [] }), 'cancelled', 'not a study trial');
  assert.equal(runStatusLabel({ status: 'failed', error: 'pruned at epoch 3', tags: ['study'] }), 'failed');
  assert.equal(runStatusLabel({ status: 'completed', error: null, tags: ['study'] }), 'completed');
});
