import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StudyLiveModel } from '../../../renderer/src/lib/study-live.ts';
import type { TrialRow } from '../../../main/study/types.ts';

const row = (number: number, over: Partial<TrialRow> = {}): TrialRow => ({
  number, state: 'complete', params: { lr: 0.01 }, values: [0.5], lastStep: 3, lastValue: 0.5, runId: null, error: null,
  worker: 0, retryOf: null, startedAt: '2024-01-01T00:00:00.000Z', finishedAt: '2024-01-01T00:00:05.000Z', durationMs: 5000, ...over,
});

test('rows, history and events fold into one trial map', () => {
  const m = new StudyLiveModel('s1');
  m.loadRows([row(0), row(1, { state: 'running', values: null, finishedAt: null })]);
  m.loadHistory({ intermediate: [{ number: 1, state: 'running', steps: [1], values: [0.9] }], timeline: [] });
  assert.equal(m.trials.get(0)!.startedAt, Date.parse('2024-01-01T00:00:00.000Z'));
  assert.deepEqual(m.trials.get(1)!.intermediate, [[1, 0.9]]);

  assert.equal(m.apply({ type: 'trial-reported', studyId: 'other', number: 1, step: 2, value: 1 }), false);
  const v = m.version;
  m.apply({ type: 'trial-reported', studyId: 's1', number: 1, step: 2, value: 0.7 });
  m.apply({ type: 'trial-reported', studyId: 's1', number: 1, step: 2, value: 0.6 });
  assert.deepEqual(m.trials.get(1)!.intermediate, [[1, 0.9], [2, 0.6]], 'a repeated step replaces');
  assert.ok(m.version > v);
  m.apply({ type: 'trial-completed', studyId: 's1', number: 1, values: [0.3], isBest: true }, 1234);
  assert.equal(m.trials.get(1)!.finishedAt, 1234);

  m.apply({ type: 'trial-started', studyId: 's1', number: 2, params: { lr: 0.1 }, runId: 'r', worker: 1 }, 2000);
  m.apply({ type: 'trial-reported', studyId: 's1', number: 2, step: 1, value: 2 });
  m.apply({ type: 'trial-pruned', studyId: 's1', number: 2, step: 1 }, 3000);
  m.apply({ type: 'trial-started', studyId: 's1', number: 3, params: {}, runId: null, worker: 0 });
  m.apply({ type: 'trial-failed', studyId: 's1', number: 3, error: 'boom' });
  assert.deepEqual(m.counts(), { waiting: 0, running: 0, complete: 2, pruned: 1, failed: 1 });
  assert.deepEqual(m.historyPoints(), [{ number: 0, value: 0.5 }, { number: 1, value: 0.3 }]);
  assert.deepEqual(m.list().map((t) => t.number), [0, 1, 2, 3]);

  m.apply({ type: 'study-finished', studyId: 's1', status: 'finished', counts: { total: 4, running: 0, complete: 2, pruned: 1, failed: 1 } });
  assert.equal(m.status, 'finished');
});

test('history loaded late does not shorten a curve events already extended', () => {
  const m = new StudyLiveModel('s');
  m.loadRows([row(0, { state: 'running', values: null })]);
  m.apply({ type: 'trial-reported', studyId: 's', number: 0, step: 1, value: 1 });
  m.apply({ type: 'trial-reported', studyId: 's', number: 0, step: 2, value: 0.8 });
  m.loadHistory({ intermediate: [{ number: 0, state: 'running', steps: [1], values: [1] }], timeline: [] });
  assert.equal(m.trials.get(0)!.intermediate.length, 2);
});

test('the timeline\'s machines come from studies.history; trials another process announced ask for them again', () => {
  const m = new StudyLiveModel('s1');
  m.loadRows([row(0), row(1, { worker: 0 })]);
  const at = (number: number, machine: string, worker: number) => ({ number, worker, state: 'complete' as const, startMs: 0, endMs: 5, machine });
  m.loadHistory({ intermediate: [], timeline: [at(0, 'a/11', 0), at(1, 'b/22', 0)] });
  assert.deepEqual([m.trials.get(0)!.machine, m.trials.get(1)!.machine], ['a/11', 'b/22']);
  assert.equal(m.needsMachines(), false);
  // The remote watch announces a trial with no worker slot: its machine is unknown until the timeline is read again.
  m.apply({ type: 'trial-started', studyId: 's1', number: 2, params: {}, runId: null, worker: null }, 6000);
  assert.equal(m.needsMachines(), true);
  m.loadTimeline([at(2, 'a/11', 0)]);
  assert.deepEqual([m.trials.get(2)!.machine, m.trials.get(2)!.worker], ['a/11', 0]);
  assert.equal(m.needsMachines(), false);
  // This process's own trial (a slot, no machine yet) in a study one process ran: nothing to ask.
  const local = new StudyLiveModel('s2');
  local.loadRows([row(0)]);
  local.loadHistory({ intermediate: [], timeline: [at(0, 'a/11', 0)] });
  local.apply({ type: 'trial-started', studyId: 's2', number: 1, params: {}, runId: 'r', worker: 0 }, 1);
  assert.equal(local.needsMachines(), false);
});
