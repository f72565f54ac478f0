/** The Explain tab's option builders: global bars, beeswarm, waterfall, dependence and saliency. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LocalExplanationResult } from '../../../main/explain/request.ts';
import { buildBeeswarmOption, beeswarmPoints, swarmOffsets } from '../../../renderer/src/charts/explain-beeswarm.ts';
import { buildDependenceOption, dependencePoints } from '../../../renderer/src/charts/explain-dependence.ts';
import { buildImportanceOption, meanAbsAttributions, permutationItems } from '../../../renderer/src/charts/explain-importance.ts';
import { buildSaliencyOption, pixelCells } from '../../../renderer/src/charts/explain-saliency.ts';
import { buildWaterfallOption, waterfallSteps } from '../../../renderer/src/charts/explain-waterfall.ts';

const result: LocalExplanationResult = {
  kind: 'local', method: 'kernel-shap', note: null, features: ['a', 'b', 'c'], inputShape: [3], task: 'classification', classes: ['x', 'y'], details: {},
  rows: [
    { index: 0, target: 1, prediction: 0.9, base: 0.5, attributions: [0.3, -0.05, 0.15], additivityGap: 0, values: [1, 10, 0], label: 1 },
    { index: 1, target: 1, prediction: 0.2, base: 0.5, attributions: [-0.2, -0.15, 0.05], additivityGap: 0, values: [-1, 20, 1], label: 0 },
  ],
};

test('importance: mean |attribution| per feature, largest bar on top; permutation bars carry their std', () => {
  assert.deepEqual(meanAbsAttributions(result).map((i) => [i.feature, Number(i.value.toFixed(3))]), [['a', 0.25], ['b', 0.1], ['c', 0.1]]);
  const option: any = buildImportanceOption(meanAbsAttributions(result), { title: 'Mean |SHAP|', xName: 'mean |attribution|', maxBars: 2 });
  assert.deepEqual(option.yAxis.data, ['b', 'a'], 'top two, drawn bottom-up so the largest is on top');
  assert.equal(option.series[0].data[1].value, 0.25);
  const perm: any = buildImportanceOption(permutationItems([{ feature: 'a', mean: 0.2, std: 0.05 }, { feature: 'b', mean: -0.01, std: 0.01 }]), { title: 'Permutation', xName: 'drop' });
  assert.deepEqual(perm.yAxis.data, ['b', 'a']);
  assert.equal(perm.series[0].label.formatter({ dataIndex: 1 }), '±0.05');
  assert.match(perm.tooltip.formatter({ dataIndex: 1 }), /a: 0\.2 ± 0\.05/);
  assert.notEqual(perm.series[0].data[0].itemStyle.color, perm.series[0].data[1].itemStyle.color, 'a negative importance looks different');
});

test('beeswarm: a row of dots per feature at its attribution, coloured by the scaled feature value; overlapping dots spread', () => {
  const pts = beeswarmPoints(result, 1, 0);
  assert.deepEqual(pts.map((p) => [p[0], p[2], p[3]]), [[-0.05, 0, 0], [-0.15, 1, 1]]);
  const offsets = swarmOffsets([0, 0, 0, 0, 1]);
  assert.deepEqual(offsets.slice(0, 4).map((o) => Number(o.toFixed(2))), [0, 0.06, -0.06, 0.12]);
  assert.equal(offsets[4], 0);
  assert.ok(swarmOffsets(Array(100).fill(0)).every((o) => Math.abs(o) <= 0.4));
  const option: any = buildBeeswarmOption(result);
  assert.equal(option.series[0].data.length, 6);
  assert.equal(option.yAxis.axisLabel.formatter(2), 'a', 'the most important feature on the top row');
  assert.deepEqual(option.yAxis.axisLabel.customValues, [0, 1, 2], 'labels at the rows, not between them');
  assert.equal(option.visualMap.dimension, 2);
  // Images have no values: every dot gets the middle colour.
  const noValues = { ...result, rows: result.rows.map(({ values: _v, ...r }) => r) };
  assert.ok(beeswarmPoints(noValues, 0, 0).every((p) => p[2] === 0.5));
});

test('waterfall: base, contributions by size (the rest summed), prediction; shifted so stacks stay ≥ 0', () => {
  const steps = waterfallSteps(result.rows[0], result.features, 2);
  assert.deepEqual(steps.map((s) => [s.label, s.kind]), [['base', 'base'], ['a', 'up'], ['c', 'up'], ['1 other feature', 'down'], ['prediction', 'prediction']]);
  assert.ok(Math.abs(steps[3].end - 0.9) < 1e-12, 'the running total reaches the prediction');
  const negative = { base: -1, prediction: -3, attributions: [-2] };
  const option: any = buildWaterfallOption(negative, ['a']);
  assert.ok(option.series[0].data.every((v: number) => v >= 0));
  assert.equal(option.xAxis.axisLabel.formatter(3), '0', 'labels undo the shift of 3');
  assert.deepEqual(option.yAxis.data, ['prediction', 'a', 'base']);
  assert.equal(option.series[1].label.formatter({ dataIndex: 1 }), '−2');
});

test('dependence: value against attribution for rows with a value', () => {
  assert.deepEqual(dependencePoints(result, 0), [[1, 0.3, 0], [-1, -0.2, 1]]);
  const option: any = buildDependenceOption(result, 2);
  assert.equal(option.xAxis.name, 'c');
  assert.equal(option.series[0].data.length, 2);
});

test('saliency: the grey image under a symmetric red–blue overlay', () => {
  assert.deepEqual(pixelCells([1, 3, 5, 7], 1, 2, 2), [[0, 0, 2], [1, 0, 6]]);
  const option: any = buildSaliencyOption({ index: 3, prediction: 0.8, image: [0, 1, 2, 3], attributions: [0.1, -0.4, 0, 0.2] }, [2, 2, 1]);
  assert.equal(option.series.length, 2);
  assert.deepEqual(option.series[1].data, [[0, 0, 0.1], [1, 0, -0.4], [0, 1, 0], [1, 1, 0.2]]);
  assert.deepEqual([option.visualMap[1].min, option.visualMap[1].max], [-0.4, 0.4]);
  assert.equal(option.yAxis.inverse, true, 'row 0 on top, as the image');
  assert.equal(option.title.text, 'row 3');
});
