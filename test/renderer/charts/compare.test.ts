import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCompareOption, uniqueNames } from '../../../renderer/src/charts/compare.ts';
import type { MetricPoint } from '../../../main/api/schemas.ts';

const p = (epoch: number, split: MetricPoint['split'], name: string, value: number): MetricPoint => ({ epoch, split, name, value });

test('overlays one line per run for the chosen metric and split', () => {
  const option: any = buildCompareOption(
    [
      { name: 'A', points: [p(2, 'val', 'accuracy', 0.8), p(1, 'val', 'accuracy', 0.5), p(1, 'train', 'accuracy', 0.9)] },
      { name: 'B', points: [p(1, 'val', 'accuracy', 0.6), p(1, 'val', 'loss', 0.3)] },
    ],
    'accuracy',
  );
  assert.deepEqual(option.series.map((s: any) => s.name), ['A', 'B']);
  assert.deepEqual(option.series[0].data, [[1, 0.5], [2, 0.8]]);
  assert.deepEqual(option.series[1].data, [[1, 0.6]]);
  assert.ok(option.series.every((s: any) => s.lineStyle.type === 'solid'));
  assert.equal(option.title.text, 'val accuracy');
});

test('training split can be compared too', () => {
  const option: any = buildCompareOption([{ name: 'A', points: [p(1, 'train', 'loss', 1)] }, { name: 'B', points: [] }], 'loss', 'train');
  assert.deepEqual(option.series[0].data, [[1, 1]]);
  assert.deepEqual(option.series[1].data, []);
});

test('duplicate run names get suffixes for the legend', () => {
  assert.deepEqual(uniqueNames(['a', 'b', 'a', 'a']), ['a', 'b', 'a (2)', 'a (3)']);
});
