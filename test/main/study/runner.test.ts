import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase } from '../../../db/database.ts';
import { createStudyStore, type StudyStore } from '../../../db/studies.ts';
import type { TrialExecutor } from '../../../main/study/executor.ts';
import { StudyRunner } from '../../../main/study/runner.ts';
import { StudyState } from '../../../main/study/study-state.ts';
import type { StudyEvent } from '../../../main/study/types.ts';
import { validateStudy } from '../../../main/study/validate.ts';

function studyIn(store: StudyStore, extra: Record<string, unknown> = {}): StudyState {
  const v = validateStudy({
    space: { params: { x: { kind: 'float', low: 0, high: 1 } } }, sampler: 'random', objectives: [{ kind: 'value', direction: 'minimize' }],
    nTrials: 6, seed: 1, ...extra,
  });
  store.studies.insert({
    id: 's', name: 's', datasetId: null, status: 'idle', directions: ['minimize'], objectives: v.objectives, sampler: v.sampler, pruner: v.pruner,
    space: v.config.space, config: v.config, seed: 1, runnerPid: null, createdAt: new Date().toISOString(), finishedAt: null,
  });
  return new StudyState(store, store.studies.get('s')!);
}

/** Trial n takes delays[n] ms; value = x. */
const fake = (delays: number[], log: string[]): TrialExecutor => ({ number, params }) => {
  log.push(`start ${number}`);
  return {
    done: new Promise((r) => setTimeout(() => (log.push(`end ${number}`), r({ state: 'complete', values: [params.x as number] })), delays[number] ?? 5)),
    cancel() {},
  };
};

test('workers run asynchronously: a fast worker starts the next trial without waiting for a slow one', async () => {
  const store = createStudyStore(openDatabase(':memory:'));
  const state = studyIn(store);
  const log: string[] = [];
  const events: StudyEvent[] = [];
  const runner = new StudyRunner({ state, store, executor: fake([200, 5, 5, 5, 5, 5], log), workers: 2, nTrials: 6, emit: (e) => events.push(e) });
  runner.start();
  assert.equal(await runner.done, 'finished');
  // Trial 0 (slow) ends last: trials 2..5 all ran on the other worker meanwhile.
  assert.equal(log.at(-1), 'end 0');
  assert.deepEqual(store.trials.counts('s'), { total: 6, running: 0, complete: 6, pruned: 0, failed: 0 });
  assert.equal(events.filter((e) => e.type === 'trial-completed').length, 6);
  assert.ok(store.trials.lite('s').every((t) => t.worker === 0 || t.worker === 1));
});

test('resume: trials left running become interrupted failures and re-run first with the same params', async () => {
  const store = createStudyStore(openDatabase(':memory:'));
  let state = studyIn(store);
  state.ask({ worker: 0 });
  const second = state.ask({ worker: 1 });
  state.tell(0, { state: 'complete', values: [0.3] });
  // "Process dies" here: trial 1 stays running in SQLite.
  state = new StudyState(store, store.studies.get('s')!);
  const runner = new StudyRunner({ state, store, executor: fake([], []), workers: 2, nTrials: 6, emit: () => {} });
  runner.start();
  assert.equal(await runner.done, 'finished');
  const t1 = store.trials.get('s', 1)!;
  assert.equal(t1.state, 'failed');
  assert.match(t1.error ?? '', /^interrupted: /);
  const retry = store.trials.lite('s').find((t) => t.number === 2)!;
  assert.equal(store.trials.get('s', 2)!.retryOf, 1);
  assert.deepEqual(store.trials.get('s', 2)!.params, second.params);
  assert.equal(retry.state, 'complete');
  // 6 trials count (the interrupted one does not): numbers 0, 2..6.
  assert.deepEqual(store.trials.counts('s'), { total: 7, running: 0, complete: 6, pruned: 0, failed: 1 });
});

test('stop cancels trials in flight; they are stored interrupted', async () => {
  const store = createStudyStore(openDatabase(':memory:'));
  const state = studyIn(store);
  const executor: TrialExecutor = () => {
    let cancel!: (reason: string) => void;
    // Never ends by itself: only cancel settles it.
    const done = new Promise<{ state: 'failed'; error: string; interrupted: boolean }>((r) => (cancel = (reason) => r({ state: 'failed', error: `interrupted: ${reason}`, interrupted: true })));
    return { done, cancel };
  };
  const runner = new StudyRunner({ state, store, executor, workers: 2, nTrials: 6, emit: () => {} });
  runner.start();
  runner.stop(true);
  assert.equal(await runner.done, 'stopped');
  assert.deepEqual(store.trials.counts('s'), { total: 2, running: 0, complete: 0, pruned: 0, failed: 2 });
});

test('report → pruner verdict; tell checks the number of values and fails NaN', () => {
  const store = createStudyStore(openDatabase(':memory:'));
  const state = studyIn(store, { pruner: { kind: 'median', nStartupTrials: 1 } });
  for (const v of [0.1, 0.2]) {
    const { number } = state.ask();
    state.report(number, 1, v);
    state.tell(number, { state: 'complete', values: [v] });
  }
  const { number } = state.ask();
  assert.equal(state.report(number, 1, 5), true);
  assert.throws(() => state.tell(number, { state: 'complete', values: [1, 2] }), /needs 1 value/);
  assert.equal(state.tell(number, { state: 'complete', values: [Number.NaN] }).state, 'failed');
  assert.throws(() => state.tell(number, { state: 'complete', values: [1] }), /already failed/);
});
