import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildIntermediateOption, recentTrials } from '../../../renderer/src/charts/study-intermediate.ts';

const trials = [
  { number: 0, state: 'complete' as const, steps: [[1, 0.9], [2, 0.6], [3, 0.4]] as [number, number][] },
  { number: 1, state: 'pruned' as const, steps: [[2, 0.95], [1, 1.0]] as [number, number][] },
  { number: 2, state: 'running' as const, steps: [[1, 0.8]] as [number, number][] },
  { number: 3, state: 'waiting' as const, steps: [] },
];

test('one line per trial with reports, and a marker where each pruned trial stopped', () => {
  const o: any = buildIntermediateOption(trials, { name: 'val_loss' });
  const lines = o.series.filter((s: any) => s.type === 'line');
  assert.deepEqual(lines.map((s: any) => s.name), ['#0', '#1', '#2']);
  assert.deepEqual(lines[1].data, [[1, 1.0], [2, 0.95]], 'steps are sorted');
  const pruned = o.series.find((s: any) => s.name === 'pruned here');
  assert.deepEqual(pruned.data, [{ value: [2, 0.95], name: '#1' }]);
  assert.notEqual(lines[0].lineStyle.color, lines[1].lineStyle.color);
});

test('only the most recent trials are drawn', () => {
  const many = Array.from({ length: 500 }, (_, i) => ({ number: i, state: 'complete' as const, steps: [[1, i]] as [number, number][] }));
  const shown = recentTrials(many, 50);
  assert.equal(shown.length, 50);
  assert.equal(shown[0].number, 450);
  assert.equal(shown.at(-1)!.number, 499);
});
