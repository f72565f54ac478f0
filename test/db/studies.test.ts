import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase } from '../../db/database.ts';
import { createStudyStore } from '../../db/studies.ts';

function fresh() {
  const db = openDatabase(':memory:');
  const store = createStudyStore(db);
  store.studies.insert({
    id: 's1', name: 'Study One', datasetId: null, status: 'idle', directions: ['maximize'], objectives: [{ name: 'v', direction: 'maximize' }],
    sampler: { name: 'random', options: {} }, pruner: { kind: 'nop' }, space: { params: {} }, config: { a: 1 }, seed: 3, runnerPid: null,
    createdAt: '2026-01-01T00:00:00.000Z', finishedAt: null,
  });
  return { db, store };
}

test('studies: insert, get, list with search, update, delete cascades to trials', () => {
  const { db, store } = fresh();
  assert.equal(store.studies.get('s1')?.seed, 3);
  assert.equal(store.studies.list({ offset: 0, limit: 10, search: 'one' }).total, 1);
  assert.equal(store.studies.list({ offset: 0, limit: 10, search: 'zzz' }).total, 0);
  store.studies.update('s1', { status: 'running', runnerPid: 42 });
  assert.equal(store.studies.get('s1')?.runnerPid, 42);
  store.trials.insert('s1', { number: 0, params: { x: 1 }, worker: 0, retryOf: null, startedAt: 'now' });
  store.studies.delete('s1');
  assert.equal(store.trials.counts('s1').total, 0);
  db.close();
});

test('trials: report, finish, frozen history, counts, paged sort and filter', () => {
  const { db, store } = fresh();
  for (let n = 0; n < 6; n++) {
    store.trials.insert('s1', { number: n, params: { x: n, c: n % 2 ? 'a' : 'b' }, worker: n % 2, retryOf: null, startedAt: `2026-01-01T00:00:0${n}.000Z` });
    store.trials.report('s1', n, 1, n / 10);
    store.trials.report('s1', n, 2, n / 5);
  }
  assert.equal(store.trials.nextNumber('s1'), 6);
  assert.throws(() => store.trials.insert('s1', { number: 2, params: {}, worker: null, retryOf: null, startedAt: 'x' }), /UNIQUE|PRIMARY/);
  const at = '2026-01-01T00:01:00.000Z';
  store.trials.finish('s1', 0, { state: 'complete', values: [0.5], error: null, finishedAt: at, durationMs: 5 });
  store.trials.finish('s1', 1, { state: 'complete', values: [0.9], error: null, finishedAt: at, durationMs: 7 });
  store.trials.finish('s1', 2, { state: 'pruned', values: null, error: 'pruned at step 2', finishedAt: at, durationMs: 1 });
  store.trials.finish('s1', 3, { state: 'failed', values: null, error: 'interrupted: x', finishedAt: at, durationMs: null });
  assert.deepEqual(store.trials.counts('s1'), { total: 6, running: 2, complete: 2, pruned: 1, failed: 1 });
  assert.deepEqual(store.trials.running('s1'), [4, 5]);
  const frozen = store.trials.frozen('s1');
  assert.deepEqual(frozen[1], { number: 1, state: 'complete', params: { x: 1, c: 'a' }, intermediate: { 1: 0.1, 2: 0.2 }, values: [0.9] });
  assert.equal(frozen[3].state, 'failed');
  const byValue = store.trials.list('s1', { offset: 0, limit: 10, sort: 'value', order: 'desc', objective: 0 });
  assert.deepEqual(byValue.items.map((t) => t.number), [1, 0, 2, 3, 4, 5], 'NULL values last');
  const page = store.trials.list('s1', { offset: 1, limit: 2, sort: 'number', order: 'asc', objective: 0, states: ['running', 'pruned'] });
  assert.equal(page.total, 3);
  assert.deepEqual(page.items.map((t) => t.number), [4, 5]);
  assert.deepEqual(store.trials.list('s1', { offset: 0, limit: 10, sort: 'number', order: 'asc', objective: 0, minValue: 0.6 }).items.map((t) => t.number), [1]);
  const t2 = store.trials.get('s1', 2)!;
  assert.equal(t2.state, 'pruned');
  assert.equal(t2.lastStep, 2);
  assert.equal(t2.lastValue, 0.4);
  assert.deepEqual(store.trials.intermediate('s1', [5]).get(5), { steps: [1, 2], values: [0.5, 1] });
  db.close();
});
