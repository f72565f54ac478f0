import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bestSoFar, buildStudyHistoryOption, thinPoints } from '../../../renderer/src/charts/study-history.ts';

const pts = [
  { number: 0, value: 0.5 },
  { number: 2, value: 0.3 },
  { number: 1, value: 0.7 },
  { number: 3, value: 0.4 },
  { number: 4, value: Number.NaN },
];

test('best-so-far keeps only improvements and extends to the last trial', () => {
  assert.deepEqual(bestSoFar(pts, 'minimize'), [[0, 0.5], [2, 0.3], [3, 0.3]]);
  assert.deepEqual(bestSoFar(pts, 'maximize'), [[0, 0.5], [1, 0.7], [3, 0.7]]);
  assert.deepEqual(bestSoFar([], 'minimize'), []);
});

test('history option: a scatter of trials and a step line of the best', () => {
  const o: any = buildStudyHistoryOption({ points: pts, direction: 'minimize', name: 'val_loss' });
  assert.equal(o.series[0].type, 'scatter');
  assert.equal(o.series[0].data.length, 4, 'non-finite values are dropped');
  assert.equal(o.series[1].step, 'end');
  assert.equal(o.yAxis.name, 'val_loss');
  assert.equal(o.animation, false);
  assert.equal(o.graphic, undefined);
});

test('an empty study shows a hint instead of an empty grid', () => {
  const o: any = buildStudyHistoryOption({ points: [], direction: 'maximize', name: 'acc' });
  assert.equal(o.series[0].data.length, 0);
  assert.match(o.graphic[0].style.text, /No finished/);
});

test('10,000 trials are thinned but every improvement survives', () => {
  const many = Array.from({ length: 10_000 }, (_, i) => ({ number: i, value: Math.sin(i) + 1 / (i + 1) }));
  const thin = thinPoints(many, 'minimize', 1000);
  assert.ok(thin.length <= 1000 + bestSoFar(many, 'minimize').length);
  assert.ok(thin.length < 2000);
  for (const [n] of bestSoFar(many, 'minimize')) assert.ok(thin.some((p) => p.number === n), `improving trial ${n} kept`);
  const o: any = buildStudyHistoryOption({ points: many, direction: 'minimize', name: 'x', maxPoints: 1000 });
  assert.equal(o.series[0].data.length, thin.length);
});
