import { test } from 'node:test';
import assert from 'node:assert/strict';
import { downsample, type XY } from '../../../renderer/src/charts/downsample.ts';

test('returns a copy when already small enough', () => {
  const data: XY[] = [[1, 1], [2, 2]];
  const out = downsample(data, 10);
  assert.deepEqual(out, data);
  assert.notEqual(out, data);
});

test('keeps a sharp spike that plain striding would miss', () => {
  const data: XY[] = Array.from({ length: 1000 }, (_, i) => [i, i === 503 ? 100 : 0]);
  const out = downsample(data, 50);
  assert.equal(out.length, 50);
  assert.ok(out.some(([x, y]) => x === 503 && y === 100));
  // x stays ordered
  for (let i = 1; i < out.length; i++) assert.ok(out[i][0] > out[i - 1][0]);
});
