import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTradeoffOption, costOf, tradeoffFront, type TradeoffPoint } from '../../../renderer/src/charts/compression-tradeoff.ts';

const pt = (id: string, value: number | null, params: number, extra: Partial<TradeoffPoint> = {}): TradeoffPoint => ({
  id, label: `#${id}`, value, params, flops: params * 2, latencyMs: params / 1000, ...extra,
});

test('the front keeps models nothing cheaper beats', () => {
  const front = tradeoffFront([
    { id: 'a', cost: 100, value: 0.9 },
    { id: 'b', cost: 50, value: 0.85 },
    { id: 'c', cost: 60, value: 0.8 }, // dominated by b
    { id: 'd', cost: 10, value: 0.5 },
    { id: 'e', cost: 100, value: 0.7 }, // same cost as a, worse
  ]);
  assert.deepEqual(front, ['d', 'b', 'a']);
});

test('cost follows the axis; non-zero parameters stand for parameters when known', () => {
  const p = pt('1', 0.9, 1000, { nonZeroParams: 400 });
  assert.equal(costOf(p, 'params'), 400);
  assert.equal(costOf(p, 'flops'), 2000);
  assert.equal(costOf(p, 'latency'), 1);
  assert.equal(costOf({ ...p, latencyMs: null }, 'latency'), null);
});

test('front and the rest become two series; points without a value or cost are left out', () => {
  const option: any = buildTradeoffOption({
    metric: 'accuracy',
    axis: 'params',
    points: [pt('0', 0.95, 1000, { baseline: true }), pt('1', 0.94, 500), pt('2', 0.9, 800), pt('3', null, 10), pt('4', 0.5, 300, { params: null, nonZeroParams: null })],
  });
  const [rest, front] = option.series;
  assert.equal(front.name, 'Pareto front');
  assert.deepEqual(front.data.map((d: any) => d.value), [[500, 0.94], [1000, 0.95]]);
  assert.deepEqual(rest.data.map((d: any) => d.name), ['#2']);
  assert.equal(front.data[1].symbol, 'diamond', 'the baseline has its own marker');
  assert.equal(option.xAxis.name, 'non-zero parameters');
  assert.equal(option.xAxis.type, 'value');
  assert.match(option.aria.label.description, /2 of 3 models/);
});

test('switching the axis re-ranks the front and goes logarithmic over wide ranges', () => {
  const points = [pt('a', 0.9, 100, { latencyMs: 5 }), pt('b', 0.8, 100000, { latencyMs: 1 })];
  const byParams: any = buildTradeoffOption({ metric: 'accuracy', axis: 'params', points });
  const byLatency: any = buildTradeoffOption({ metric: 'accuracy', axis: 'latency', points });
  assert.equal(byParams.xAxis.type, 'log');
  assert.deepEqual(byParams.series[1].data.map((d: any) => d.name), ['#a']);
  assert.equal(byLatency.xAxis.type, 'value');
  assert.deepEqual(byLatency.series[1].data.map((d: any) => d.name), ['#b', '#a']);
  assert.match(byLatency.tooltip.formatter({ name: '#b', value: [1, 0.8] }), /latency \(ms\): 1/);
});
