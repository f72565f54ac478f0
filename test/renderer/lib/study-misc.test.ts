import { test } from 'node:test';
import assert from 'node:assert/strict';
import { throttle, type Timers } from '../../../renderer/src/lib/study-throttle.ts';
import { pagesFor, visibleRange } from '../../../renderer/src/lib/study-virtual.ts';
import { axesFromSpace, historyPoints, intermediateFromHistory } from '../../../renderer/src/lib/study-adapt.ts';

function fakeTimers() {
  let now = 0;
  const queue: { at: number; fn: () => void; id: number }[] = [];
  let id = 0;
  const timers: Timers = {
    now: () => now,
    setTimeout: (fn, ms) => (queue.push({ at: now + ms, fn, id: ++id }), id),
    clearTimeout: (h) => queue.splice(queue.findIndex((q) => q.id === h), 1),
  };
  const advance = (ms: number) => {
    now += ms;
    for (const q of queue.filter((q) => q.at <= now)) {
      queue.splice(queue.indexOf(q), 1);
      q.fn();
    }
  };
  return { timers, advance };
}

test('throttle: first call at once, a burst collapses into one trailing call', () => {
  const { timers, advance } = fakeTimers();
  let runs = 0;
  const t = throttle(() => runs++, 500, timers);
  t.call();
  assert.equal(runs, 1);
  for (let i = 0; i < 50; i++) { t.call(); advance(5); }
  assert.equal(runs, 1, 'nothing more inside the window');
  advance(300);
  assert.equal(runs, 2, 'one trailing run');
  advance(1000);
  assert.equal(runs, 2);
  t.call();
  assert.equal(runs, 3, 'idle long enough: runs at once again');
  t.call();
  t.cancel();
  advance(1000);
  assert.equal(runs, 3, 'cancelled');
});

test('visible range covers the viewport plus overscan and clamps at both ends', () => {
  assert.deepEqual(visibleRange(0, 300, 30, 10_000, 5), { start: 0, end: 16 });
  assert.deepEqual(visibleRange(30 * 5000, 300, 30, 10_000, 5), { start: 4995, end: 5016 });
  assert.deepEqual(visibleRange(1e9, 300, 30, 10_000, 5).end, 10_000);
  assert.deepEqual(visibleRange(0, 300, 30, 0), { start: 0, end: 0 });
});

test('pages covering a range', () => {
  assert.deepEqual(pagesFor({ start: 95, end: 205 }, 100), [0, 1, 2]);
  assert.deepEqual(pagesFor({ start: 0, end: 100 }, 100), [0]);
  assert.deepEqual(pagesFor({ start: 0, end: 0 }, 100), []);
});

test('adapters read the stored space and the history', () => {
  const axes = axesFromSpace({ params: { lr: { kind: 'float', low: 0.001, high: 0.1, log: true }, a: { kind: 'categorical', choices: ['x'] }, f: { kind: 'fixed', value: 1 }, junk: { kind: 'weird' } } });
  assert.deepEqual(axes.map((a) => `${a.name}:${a.kind}`), ['lr:float', 'a:categorical', 'f:fixed']);
  assert.deepEqual(historyPoints({ trials: [
    { number: 0, state: 'complete', values: [0.5, 2], best: [0.5, 2] },
    { number: 1, state: 'pruned', values: null, best: [0.5, 2] },
  ] }, 1), [{ number: 0, value: 2 }]);
  assert.deepEqual(intermediateFromHistory({ intermediate: [{ number: 3, state: 'pruned', steps: [1, 2], values: [0.9, 0.8] }] }).get(3), [[1, 0.9], [2, 0.8]]);
});
