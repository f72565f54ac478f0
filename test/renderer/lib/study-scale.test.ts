import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrameQueue } from '../../../renderer/src/lib/frame-queue.ts';
import { goToPage, DEFAULT_QUERY } from '../../../renderer/src/lib/history-query.ts';
import { historyPointsOf, trialPageOffsets } from '../../../renderer/src/lib/study-live.ts';
import { inWindow, pageWindow, rowsFromPages } from '../../../renderer/src/lib/study-virtual.ts';

test('the frame queue runs one job per frame, latest job per key, in queue order', () => {
  const frames: (() => void)[] = [];
  const q = new FrameQueue((run) => {
    frames.push(run);
    return () => frames.splice(frames.indexOf(run), 1);
  });
  const ran: string[] = [];
  q.push('a', () => ran.push('a1'));
  q.push('b', () => ran.push('b1'));
  q.push('a', () => ran.push('a2')); // replaces a1, keeps a's place
  assert.equal(frames.length, 1, 'one frame scheduled at a time');
  frames.shift()!();
  assert.deepEqual(ran, ['a2']);
  assert.equal(frames.length, 1);
  frames.shift()!();
  assert.deepEqual(ran, ['a2', 'b1']);
  assert.equal(frames.length, 0, 'nothing left, nothing scheduled');
  q.push('c', () => { throw new Error('boom'); });
  q.push('d', () => ran.push('d'));
  assert.throws(() => frames.shift()!());
  frames.shift()!();
  assert.deepEqual(ran, ['a2', 'b1', 'd'], 'a failing job does not stall the rest');
  q.push('e', () => ran.push('e'));
  q.clear();
  assert.equal(frames.length, 0);
  assert.equal(q.pending, 0);
});

test('trial pages: offsets for a parallel load, and history points in order', () => {
  assert.deepEqual(trialPageOffsets(10_000, 1000), [0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000]);
  assert.deepEqual(trialPageOffsets(1001, 1000), [0, 1000]);
  assert.deepEqual(trialPageOffsets(0, 1000), [0]);
  const pts = historyPointsOf([
    { number: 0, state: 'complete', params: {}, values: [0.5, 2] },
    { number: 1, state: 'pruned', params: {} },
    { number: 2, state: 'complete', params: {}, values: [Number.NaN, 3] },
    { number: 3, state: 'complete', params: {}, values: [0.25, 1] },
  ]);
  assert.deepEqual(pts, [{ number: 0, value: 0.5 }, { number: 3, value: 0.25 }]);
});

test('the trials cache keeps the pages around the visible ones', () => {
  const w = pageWindow({ start: 5000, end: 5025 }, 100, 2);
  assert.deepEqual(w, { first: 48, last: 52 });
  assert.ok(inWindow(48, w) && inWindow(52, w) && !inWindow(47, w) && !inWindow(53, w));
  assert.deepEqual(pageWindow({ start: 0, end: 20 }, 100, 2), { first: 0, last: 2 });
  assert.deepEqual(pageWindow({ start: 0, end: 0 }, 100, 2), { first: 0, last: 2 });
  assert.deepEqual(pageWindow({ start: 90, end: 130 }, 100, 1), { first: 0, last: 2 }, 'a range across two pages');
});

test('rows come from cached pages by absolute index, never past the total', () => {
  const pages = new Map([[3, ['a', 'b']], [1, ['x', 'y']]]);
  const rows = rowsFromPages(pages, 2, 7);
  assert.deepEqual([...rows], [[2, 'x'], [3, 'y'], [6, 'a']]);
});

test('history: first, last and typed page numbers are clamped to the pages there are', () => {
  const q = { ...DEFAULT_QUERY, page: 3 };
  assert.equal(goToPage(q, 0, 10_000).page, 0);
  assert.equal(goToPage(q, 199, 10_000).page, 199);
  assert.equal(goToPage(q, 500, 10_000).page, 199, 'past the last page: the last page');
  assert.equal(goToPage(q, -4, 10_000).page, 0);
  assert.equal(goToPage(q, 7.8, 10_000).page, 7);
  assert.equal(goToPage(q, Number.NaN, 10_000), q, 'not a number: unchanged');
  assert.equal(goToPage(q, 3, 10_000), q, 'same page: same query (no refetch)');
  assert.equal(goToPage(q, 5, 0).page, 0, 'no runs: one empty page');
});
