import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildAttentionOption } from '../../../renderer/src/charts/attention-map.ts';

test('attention heatmap: keys along x, queries down y, one cell per pair, repeated tokens kept apart, tooltips escaped', () => {
  const tokens = ['the', '<b>', 'the'];
  const map = [[0.2, 0.3, 0.5], [0, 1, 0], [0.6, 0.2, 0.2]];
  const option: any = buildAttentionOption(tokens, map, { title: 'layer 1' });
  assert.deepEqual(option.xAxis.data, ['0', '1', '2']);
  assert.deepEqual([option.xAxis.axisLabel.formatter('2'), option.yAxis.axisLabel.formatter('1')], ['the', '<b>']);
  assert.equal(option.yAxis.inverse, true);
  assert.equal(option.series[0].data.length, 9);
  assert.deepEqual(option.series[0].data[3], [0, 1, 0]);
  assert.equal(option.visualMap.max, 1);
  assert.deepEqual(option.visualMap.text, ['1', '0'], 'the scale is labelled 0 … largest weight');
  assert.equal(option.title.text, 'layer 1');
  const tip = option.tooltip.formatter({ value: [1, 2, 0.2] });
  assert.ok(tip.includes('&#60;b&#62;') && !tip.includes('<b>'), tip);
  assert.match(tip, /“the” attends to .*: 0\.2/);
  assert.equal(option.aria.label.description, 'layer 1: a heatmap over 3 tokens; the largest weight is 1', 'the aria-label names the map');
});

test('long rows label every n-th token so labels stay readable', () => {
  const tokens = Array.from({ length: 200 }, (_, i) => `t${i}`);
  const option: any = buildAttentionOption(tokens, tokens.map(() => tokens.map(() => 1 / 200)));
  assert.equal(option.xAxis.axisLabel.interval, 4);
  assert.equal(buildAttentionOption(['a'], [[1]]).title, undefined);
});
