import { test } from 'node:test';
import assert from 'node:assert/strict';
import { metricRange } from '../../../renderer/src/charts/compression-axis.ts';

test('fractions stay inside [0, 1] even when every model scores 1', () => {
  assert.deepEqual(metricRange([1, 1]), { min: 0.95, max: 1, interval: 0.05 });
  assert.deepEqual(metricRange([0.8, 0.9]), { min: 0.75, max: 0.95, interval: 0.05 });
  assert.deepEqual(metricRange([0.02, 0.5]), { min: 0, max: 0.6, interval: 0.2 });
  assert.deepEqual(metricRange([0.3, 1]), { min: 0, max: 1, interval: 0.2 });
  assert.deepEqual(metricRange([0.4, 1]), { min: 0.2, max: 1, interval: 0.2 });
});

test('other metrics are padded without clamping; no values, no range', () => {
  assert.deepEqual(metricRange([-0.5, 1.5]), { min: -0.8, max: 1.8 });
  assert.deepEqual(metricRange([0.87, 0.875]), { min: 0.85, max: 0.9, interval: 0.05 });
  assert.deepEqual(metricRange([NaN]), {});
  assert.deepEqual(metricRange([]), {});
});
