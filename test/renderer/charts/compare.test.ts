import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCompareOption, defaultXMode, runLengths, runStyle, uniqueNames, type CompareRun } from '../../../renderer/src/charts/compare.ts';
import type { MetricPoint } from '../../../main/api/schemas.ts';

const p = (epoch: number, split: MetricPoint['split'], name: string, value: number): MetricPoint => ({ epoch, split, name, value });
/** A run of `epochs` epochs with a val loss falling from 1. */
const run = (name: string, epochs: number): CompareRun => ({ name, points: Array.from({ length: epochs }, (_, i) => p(i + 1, 'val', 'loss', 1 / (i + 1))) });

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
  assert.equal(option.title.text, 'val accuracy');
  assert.equal(option.xAxis.name, 'epoch');
});

test('training split can be compared too', () => {
  const option: any = buildCompareOption([{ name: 'A', points: [p(1, 'train', 'loss', 1)] }, { name: 'B', points: [] }], 'loss', { split: 'train' });
  assert.deepEqual(option.series[0].data, [[1, 1]]);
  assert.deepEqual(option.series[1].data, []);
});

test('no line can hide another: each run has its own colour, dash and symbol; hover emphasises one', () => {
  const runs = Array.from({ length: 10 }, (_, i) => run(`run ${i}`, 5));
  const option: any = buildCompareOption(runs, 'loss');
  const looks = option.series.map((s: any) => JSON.stringify([s.color, s.lineStyle.type, s.symbol]));
  assert.equal(new Set(looks).size, 10);
  // Two identical curves (the same data) still differ in dash and symbol, not only colour.
  assert.notDeepEqual(option.series[0].lineStyle.type, option.series[1].lineStyle.type);
  assert.notEqual(option.series[0].symbol, option.series[1].symbol);
  assert.ok(option.series.every((s: any) => s.emphasis.focus === 'series' && s.showSymbol === true));
  assert.equal(option.legend.type, 'scroll', 'ten long names scroll in the legend instead of covering the plot');
  assert.equal(option.legend.textStyle.overflow, 'truncate');
  assert.notDeepEqual(runStyle(0), runStyle(10), 'styles keep differing beyond the palette');
});

test('short and long runs: the progress axis spreads every run over 0–100 %', () => {
  const runs = [run('short', 4), run('long', 200)];
  assert.deepEqual(runLengths(runs), [4, 200]);
  const option: any = buildCompareOption(runs, 'loss', { xMode: 'progress' });
  assert.equal(option.xAxis.name, '% of each run');
  assert.deepEqual([option.xAxis.min, option.xAxis.max], [0, 100]);
  assert.deepEqual(option.series[0].data.map((d: number[]) => d[0]), [25, 50, 75, 100]);
  assert.equal(option.series[1].data.at(-1)[0], 100);
  assert.equal(option.series[1].data[0][0], 0.5);
});

test('the default axis is progress only when lengths differ a lot', () => {
  assert.equal(defaultXMode([run('a', 10), run('b', 12)]), 'epoch');
  assert.equal(defaultXMode([run('a', 10), run('b', 39)]), 'epoch');
  assert.equal(defaultXMode([run('a', 10), run('b', 40)]), 'progress');
  assert.equal(defaultXMode([run('a', 2), run('b', 0)]), 'epoch', 'a run without points does not decide');
});

test('log scale when asked and every value is positive', () => {
  assert.equal((buildCompareOption([run('a', 3)], 'loss', { logY: true }) as any).yAxis.type, 'log');
  const withZero: CompareRun = { name: 'z', points: [p(1, 'val', 'loss', 0)] };
  assert.equal((buildCompareOption([withZero], 'loss', { logY: true }) as any).yAxis.type, 'value');
});

test('duplicate run names get suffixes for the legend', () => {
  assert.deepEqual(uniqueNames(['a', 'b', 'a', 'a']), ['a', 'b', 'a (2)', 'a (3)']);
});
