import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSqliteStore } from '../../../db/sqlite/index.ts';
import type { Store } from '../../../db/store.ts';
import { sweepOrphans } from '../../../main/run/ownership.ts';
import type { TrialExecutor } from '../../../main/study/executor.ts';
import { StudyRunner } from '../../../main/study/runner.ts';
import { StudyState } from '../../../main/study/study-state.ts';
import type { StudyEvent } from '../../../main/study/types.ts';
import { validateStudy } from '../../../main/study/validate.ts';

async function studyIn(store: Store, extra: Record<string, unknown> = {}): Promise<StudyState> {
  const v = validateStudy({
    space: { params: { x: { kind: 'float', low: 0, high: 1 } } }, sampler: 'random', objectives: [{ kind: 'value', direction: 'minimize' }],
    nTrials: 6, seed: 1, ...extra,
  });
  await store.studies.insert({
    id: 's', name: 's', datasetId: null, status: 'idle', directions: ['minimize'], objectives: v.objectives, sampler: v.sampler, pruner: v.pruner,
    space: v.config.space, config: v.config, seed: 1, ownerId: null, createdAt: new Date().toISOString(), finishedAt: null,
  });
  return StudyState.load(store, (await store.studies.get('s'))!);
}

const OWNER = 'runner-test-owner';
const memoryStore = () => createSqliteStore(':memory:');

/** Trial n takes delays[n] ms; value = x. */
const fake = (delays: number[], log: string[]): TrialExecutor => ({ number, params }) => {
  log.push(`start ${number}`);
  return {
    done: new Promise((r) => setTimeout(() => (log.push(`end ${number}`), r({ state: 'complete', values: [params.x as number] })), delays[number] ?? 5)),
    cancel() {},
  };
};

test('workers run asynchronously: a fast worker starts the next trial without waiting for a slow one', { timeout: 30_000 }, async () => {
  const store = memoryStore();
  const state = await studyIn(store);
  const log: string[] = [];
  const events: StudyEvent[] = [];
  // Trial 0 holds its worker until trial 5 has ended: that can only happen if the other worker
  // went on to trials 2..5 without waiting for it (no timing involved).
  let releaseSlow!: () => void;
  const slowMayEnd = new Promise<void>((r) => (releaseSlow = r));
  const executor: TrialExecutor = ({ number, params }) => {
    log.push(`start ${number}`);
    const done = (number === 0 ? slowMayEnd : Promise.resolve()).then(() => {
      log.push(`end ${number}`);
      if (number === 5) releaseSlow();
      return { state: 'complete' as const, values: [params.x as number] };
    });
    return { done, cancel() {} };
  };
  const runner = new StudyRunner({ state, store, ownerId: OWNER, executor, workers: 2, nTrials: 6, emit: (e) => events.push(e) });
  await runner.start();
  assert.equal(await runner.done, 'finished');
  assert.equal(log.at(-1), 'end 0');
  assert.deepEqual(await store.trials.counts('s'), { total: 6, running: 0, complete: 6, pruned: 0, failed: 0 });
  assert.equal(events.filter((e) => e.type === 'trial-completed').length, 6);
  assert.ok((await store.trials.lite('s')).every((t) => t.worker === 0 || t.worker === 1));
});

test('resume: trials a dead owner left running are swept to interrupted failures and re-run first with the same params', async () => {
  const store = memoryStore();
  let state = await studyIn(store);
  await state.ask({ worker: 0, ownerId: 'dead-owner' });
  const second = await state.ask({ worker: 1, ownerId: 'dead-owner' });
  await state.tell(0, { state: 'complete', values: [0.3] });
  // "Process dies" here: trial 1 stays running, owned by an owner that is not registered (gone).
  assert.equal((await sweepOrphans(store)).trials, 1);
  state = await StudyState.load(store, (await store.studies.get('s'))!);
  const runner = new StudyRunner({ state, store, ownerId: OWNER, executor: fake([], []), workers: 2, nTrials: 6, emit: () => {} });
  await runner.start();
  assert.equal(await runner.done, 'finished');
  const t1 = (await store.trials.get('s', 1))!;
  assert.equal(t1.state, 'failed');
  assert.match(t1.error ?? '', /^interrupted: /);
  const retry = (await store.trials.lite('s')).find((t) => t.number === 2)!;
  assert.equal((await store.trials.get('s', 2))!.retryOf, 1);
  assert.deepEqual((await store.trials.get('s', 2))!.params, second.params);
  assert.equal(retry.state, 'complete');
  // 6 trials count (the interrupted one does not): numbers 0, 2..6.
  assert.deepEqual(await store.trials.counts('s'), { total: 7, running: 0, complete: 6, pruned: 0, failed: 1 });
});

test('stop cancels trials in flight; they are stored interrupted', async () => {
  const store = memoryStore();
  const state = await studyIn(store);
  const executor: TrialExecutor = () => {
    let cancel!: (reason: string) => void;
    // Never ends by itself: only cancel settles it.
    const done = new Promise<{ state: 'failed'; error: string; interrupted: boolean }>((r) => (cancel = (reason) => r({ state: 'failed', error: `interrupted: ${reason}`, interrupted: true })));
    return { done, cancel };
  };
  const runner = new StudyRunner({ state, store, ownerId: OWNER, executor, workers: 2, nTrials: 6, emit: () => {} });
  await runner.start();
  runner.stop(true);
  assert.equal(await runner.done, 'stopped');
  assert.deepEqual(await store.trials.counts('s'), { total: 2, running: 0, complete: 0, pruned: 0, failed: 2 });
});

test('report → pruner verdict; tell checks the number of values and fails NaN', async () => {
  const store = memoryStore();
  const state = await studyIn(store, { pruner: { kind: 'median', nStartupTrials: 1 } });
  for (const v of [0.1, 0.2]) {
    const { number } = await state.ask();
    await state.report(number, 1, v);
    await state.tell(number, { state: 'complete', values: [v] });
  }
  const { number } = await state.ask();
  assert.equal(await state.report(number, 1, 5), true);
  await assert.rejects(state.tell(number, { state: 'complete', values: [1, 2] }), /needs 1 value/);
  assert.equal((await state.tell(number, { state: 'complete', values: [Number.NaN] })).state, 'failed');
  await assert.rejects(state.tell(number, { state: 'complete', values: [1] }), /already failed/);
});

test('two processes telling the same trial: the second is refused, the first stands', async () => {
  const store = memoryStore();
  const mine = await studyIn(store);
  const { number } = await mine.ask();
  const theirs = await StudyState.load(store, (await store.studies.get('s'))!);
  await theirs.tell(number, { state: 'complete', values: [0.25] });
  await assert.rejects(mine.tell(number, { state: 'complete', values: [0.5] }), /no longer running/);
  assert.deepEqual((await store.trials.get('s', number))?.values, [0.25]);
});
