import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildParetoOption, paretoFront2d } from '../../../renderer/src/charts/study-pareto.ts';
import type { TrialPoint } from '../../../renderer/src/lib/study-types.ts';

test('the 2-D sweep finds exactly the non-dominated points', () => {
  const pts = [
    { n: 0, a: 1, b: 5 },
    { n: 1, a: 2, b: 3 },
    { n: 2, a: 3, b: 4 }, // dominated by 1
    { n: 3, a: 4, b: 1 },
    { n: 4, a: 1, b: 6 }, // dominated by 0
  ];
  assert.deepEqual(paretoFront2d(pts).map((p) => p.n), [0, 1, 3]);
  // Brute force agrees on random data.
  const rnd = Array.from({ length: 300 }, (_, i) => ({ n: i, a: ((i * 37) % 101) / 7, b: ((i * 53) % 97) / 5 }));
  const brute = rnd.filter((p) => !rnd.some((q) => q.a <= p.a && q.b <= p.b && (q.a < p.a || q.b < p.b))).map((p) => p.n).sort((x, y) => x - y);
  assert.deepEqual(paretoFront2d(rnd).map((p) => p.n).sort((x, y) => x - y), brute);
});

test('directions are honoured: maximising accuracy while minimising size', () => {
  const trials: TrialPoint[] = [
    { number: 0, state: 'complete', params: {}, values: [0.9, 1000] },
    { number: 1, state: 'complete', params: {}, values: [0.8, 200] },
    { number: 2, state: 'complete', params: {}, values: [0.7, 500] },
    { number: 3, state: 'pruned', params: {} },
  ];
  const o: any = buildParetoOption({ trials, objectives: [{ name: 'acc', direction: 'maximize' }, { name: 'params', direction: 'minimize' }] });
  assert.deepEqual(o.series[1].data.map((d: number[]) => d[2]).sort(), [0, 1]);
  assert.deepEqual(o.series[0].data.map((d: number[]) => d[2]), [2]);
  assert.match(o.xAxis.name, /acc \(maximize\)/);
  const given: any = buildParetoOption({ trials, objectives: [{ name: 'a', direction: 'minimize' }, { name: 'b', direction: 'minimize' }], front: [2] });
  assert.deepEqual(given.series[1].data.map((d: number[]) => d[2]), [2]);
});
