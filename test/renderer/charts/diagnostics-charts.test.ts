/** The Diagnostics tab's option builders: quantile bands, histograms over time, per-layer lines, marked loss curves. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EpochDiagnostics, LayerDiagnostics, Summary } from '../../../main/diagnose/types.ts';
import { buildDistributionOption, quantileRows } from '../../../renderer/src/charts/diagnostics-distribution.ts';
import { buildHistogramOption, commonGrid, MAX_COMMON_BINS, rebin } from '../../../renderer/src/charts/diagnostics-histogram.ts';
import { buildGradNormOption, buildUnitHealthOption, layerLines } from '../../../renderer/src/charts/diagnostics-layers.ts';
import { buildLossCurveOption } from '../../../renderer/src/charts/loss-curve.ts';

const summary = (shift: number, width = 0.25, lo = -1): Summary => ({
  count: 10, nonFinite: 0, mean: shift, std: 1, min: -1 + shift, max: 1 + shift, quantiles: [-1, -0.8, -0.3, 0, 0.3, 0.8, 1].map((q) => q + shift),
  histogram: { lo, width, counts: [1, 2, 3, 4, 0, 0, 0, 0] }, sampled: 10,
});
const layer = (name: string, over: Partial<LayerDiagnostics> = {}): LayerDiagnostics => ({
  layer: name, className: 'Dense', activation: 'relu', units: 4, params: 20, weights: summary(0), gradients: summary(0), activations: summary(0.5),
  weightNorm: 1, gradNorm: 0.1, updateRatio: 0.01, deadFraction: 0.25, saturatedFraction: null, ...over,
});
const epochs: EpochDiagnostics[] = [1, 2, 3].map((epoch) => ({
  epoch, loss: 1 / epoch, gradNorm: 1, layers: [layer('dense_1', { weights: summary(epoch - 2), gradNorm: 10 ** -epoch }), layer('head', { activation: 'softmax', deadFraction: null, gradNorm: 0.5 })],
}));

test('distribution: nested quantile bands stacked on the minimum, the median as a line, negatives allowed', () => {
  const rows = quantileRows(epochs, 'dense_1', 'weights');
  assert.deepEqual(rows[0].map((v) => Number(v.toFixed(6))), [1, -2, -1.8, -1.3, -1, -0.7, -0.2, 0]);
  const option: any = buildDistributionOption(epochs, 'dense_1', 'weights');
  assert.equal(option.series.length, 7);
  assert.deepEqual(option.series[0].data[0], [1, -2]);
  // The bands add up to the maximum.
  const top = option.series.slice(0, 6).reduce((s: number, ser: any) => s + ser.data[0][1], 0);
  assert.ok(Math.abs(top - 0) < 1e-12);
  assert.ok(option.series.slice(0, 6).every((s: any) => s.stack === 'q' && s.stackStrategy === 'all'));
  assert.deepEqual(option.series[6].data.map((d: number[]) => d[1]), [-1, 0, 1]);
  assert.match(option.tooltip.formatter([{ dataIndex: 2 }]), /epoch 3<br>median 1/);
  assert.deepEqual(quantileRows(epochs, 'head', 'gradients').length, 3);
  assert.deepEqual(quantileRows(epochs, 'missing', 'weights'), []);
});

test('histograms: re-binned exactly onto the coarsest grid; the grid stays bounded', () => {
  const fine = { lo: -1, width: 0.25, counts: [1, 2, 3, 4] };
  const coarse = { lo: -2, width: 0.5, counts: [5, 0, 0, 0, 0, 0, 0, 1] };
  const grid = commonGrid([fine, coarse]);
  assert.deepEqual(grid, { lo: -2, width: 0.5, bins: 8 });
  assert.deepEqual(rebin(fine, grid), [0, 0, 3, 7, 0, 0, 0, 0]);
  assert.deepEqual(rebin(coarse, grid), [5, 0, 0, 0, 0, 0, 0, 1]);
  const far = commonGrid([{ lo: 0, width: 1 / 64, counts: [1] }, { lo: 1000, width: 1 / 64, counts: [1] }]);
  assert.ok(far.bins <= MAX_COMMON_BINS && far.lo <= 0 && far.lo + far.bins * far.width >= 1000 + 1 / 64);
  const option: any = buildHistogramOption(epochs, 'dense_1', 'activations');
  assert.deepEqual(option.yAxis.data, ['1', '2', '3']);
  const shares = option.series[0].data.filter((d: number[]) => d[1] === 0).reduce((s: number, d: number[]) => s + d[2], 0);
  assert.ok(Math.abs(shares - 1) < 1e-12, 'each epoch row sums to 1');
});

test('per-layer lines: gradient norms on a log axis, dead and saturated shares in percent', () => {
  assert.deepEqual(layerLines(epochs, (l) => l.gradNorm).map((l) => l.name), ['dense_1', 'head']);
  const grad: any = buildGradNormOption(epochs);
  assert.equal(grad.yAxis.type, 'log');
  assert.deepEqual(grad.series[0].data, [[1, 0.1], [2, 0.01], [3, 0.001]]);
  const units: any = buildUnitHealthOption(epochs);
  assert.deepEqual(units.series.map((s: any) => s.name), ['dense_1 dead']);
  assert.equal(units.yAxis.max, 1);
  // A zero gradient norm cannot go on a log axis: linear instead.
  const zero = epochs.map((d) => ({ ...d, layers: d.layers.map((l) => ({ ...l, gradNorm: 0 })) }));
  assert.equal((buildGradNormOption(zero) as any).yAxis.type, 'value');
});

test('loss curves can mark the epochs where the advisor sees over- or underfitting begin', () => {
  const option: any = buildLossCurveOption([{ name: 'train loss', data: [[1, 1], [2, 0.5]] }, { name: 'val loss', data: [[1, 1.1], [2, 0.9]] }], { marks: [{ epoch: 2, label: 'overfitting' }] });
  assert.deepEqual(option.series[0].markLine.data, [{ name: 'overfitting', xAxis: 2 }]);
  assert.equal(option.series[1].markLine, undefined);
  assert.equal((buildLossCurveOption([{ name: 'train loss', data: [] }]) as any).series[0].markLine, undefined);
});
