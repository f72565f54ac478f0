import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildParallelOption } from '../../../renderer/src/charts/study-parallel.ts';
import { sampleTrials } from '../../../renderer/src/charts/study-axes.ts';
import type { ParamAxis, TrialPoint } from '../../../renderer/src/lib/study-types.ts';

const axes: ParamAxis[] = [
  { name: 'lr', kind: 'float', low: 1e-4, high: 1e-1, log: true },
  { name: 'depth', kind: 'int', low: 1, high: 4, log: false },
  { name: 'act', kind: 'categorical', choices: ['relu', 'tanh'] },
  { name: 'epochs', kind: 'fixed', value: 3 },
  { name: 'units_3', kind: 'int', low: 8, high: 64, log: false },
];
const trials: TrialPoint[] = [
  { number: 0, state: 'complete', params: { lr: 0.01, depth: 2, act: 'relu', epochs: 3 }, values: [0.4] },
  { number: 1, state: 'complete', params: { lr: 0.001, depth: 3, act: 'tanh', epochs: 3, units_3: 32 }, values: [0.2] },
  { number: 2, state: 'running', params: { lr: 0.05, depth: 1, act: 'relu', epochs: 3 } },
];

test('one axis per varying param plus the objective; fixed params get none', () => {
  const o: any = buildParallelOption({ axes, trials, objective: { name: 'val_loss', direction: 'minimize' } });
  assert.deepEqual(o.parallelAxis.map((a: any) => a.name), ['lr', 'depth', 'act', 'units_3', 'val_loss']);
  assert.equal(o.parallelAxis[0].type, 'log');
  assert.deepEqual(o.parallelAxis[2].data, ['relu', 'tanh']);
  assert.equal(o.series[0].data.length, 2, 'only finished trials');
  assert.deepEqual(o.series[0].data[0], [0.01, 2, 'relu', null, 0.4], 'inactive params are null');
  assert.equal(o.visualMap.dimension, 4);
  assert.equal(o.visualMap.min, 0.2);
  assert.equal(o.visualMap.inRange.color[0], '#1e3a8a', 'low is good when minimising');
});

test('sampling keeps the best quarter and spreads the rest', () => {
  const many: TrialPoint[] = Array.from({ length: 4000 }, (_, i) => ({ number: i, state: 'complete', params: {}, values: [(i * 7919) % 4000] }));
  const kept = sampleTrials(many, 400, true);
  assert.equal(kept.length, 400);
  for (let v = 0; v < 100; v++) assert.ok(kept.some((t) => t.values![0] === v), `best value ${v} kept`);
});
