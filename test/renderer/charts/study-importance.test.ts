import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildImportanceOption } from '../../../renderer/src/charts/study-importance.ts';

test('importance bars are sorted so the largest is drawn on top', () => {
  const o: any = buildImportanceOption([
    { param: 'lr', importance: 0.6 },
    { param: 'depth', importance: 0.1 },
    { param: 'dropout', importance: 0.3 },
    { param: 'bad', importance: Number.NaN },
  ]);
  assert.deepEqual(o.yAxis.data, ['depth', 'dropout', 'lr']);
  assert.deepEqual(o.series[0].data, [0.1, 0.3, 0.6]);
  assert.equal(o.title, undefined);
  assert.equal((buildImportanceOption([], 'Importance') as any).title.text, 'Importance');
});
