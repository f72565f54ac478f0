import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildStudyCompareHistoryOption, buildStudyCompareImportanceOption } from '../../../renderer/src/charts/study-compare.ts';

const a = { name: 'A', direction: 'minimize' as const, points: [{ number: 0, value: 0.5 }, { number: 1, value: 0.2 }], importance: [{ param: 'lr', importance: 0.7 }, { param: 'depth', importance: 0.3 }] };
const b = { name: 'B', direction: 'minimize' as const, points: [{ number: 0, value: 0.4 }], importance: [{ param: 'lr', importance: 0.9 }, { param: 'dropout', importance: 0.1 }] };

test('best-so-far curves of both studies are overlaid with their trials behind', () => {
  const o: any = buildStudyCompareHistoryOption([a, b], 'val_loss');
  assert.equal(o.series.length, 4);
  assert.deepEqual(o.series[0].data, [[0, 0.5], [1, 0.2]]);
  assert.equal(o.series[2].name, 'B');
  assert.notEqual(o.series[0].lineStyle.color, o.series[2].lineStyle.color);
});

test('importance is grouped by param; a param a study did not search has no bar', () => {
  const o: any = buildStudyCompareImportanceOption([a, b]);
  assert.deepEqual(o.yAxis.data, ['depth', 'dropout', 'lr']);
  assert.deepEqual(o.series[0].data, [0.3, null, 0.7]);
  assert.deepEqual(o.series[1].data, [null, 0.1, 0.9]);
});
