import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareSteps, formatBytes, formatMs, ratio } from '../../../renderer/src/lib/experiment-compare.ts';
import { size, step } from './experiment-fixtures.ts';

test('metrics, size, latency and speed-up side by side', () => {
  const base = step(0, 'baseline', { size: size(1000, 1000, 2), metrics: { val: { accuracy: 0.95, loss: 0.2 } } });
  const result = step(1, 'pruned', { size: size(1000, 250, 1), metrics: { val: { accuracy: 0.94, loss: 0.25 } }, sparsity: { sparsity: 0.75, zeros: 750, total: 1000, layers: [] } });
  const rows = Object.fromEntries(compareSteps(base, result).map((r) => [r.key, r]));
  assert.deepEqual([rows['val.accuracy'].baseline, rows['val.accuracy'].result, rows['val.accuracy'].change, rows['val.accuracy'].tone], ['0.95', '0.94', '−1.0 pt', 'bad']);
  assert.equal(rows['val.loss'].tone, 'bad', 'a higher loss is worse');
  assert.deepEqual([rows.params.change, rows.params.tone], ['same', 'neutral']);
  assert.deepEqual([rows.nonZero.change, rows.nonZero.tone], ['4.00× fewer', 'good']);
  assert.deepEqual([rows.latency.baseline, rows.latency.result, rows.latency.change], ['2.00 ms', '1.00 ms', '2.00× faster']);
  assert.equal(rows.sparsity.result, '75%');
});

test('a slower or unknown result says so', () => {
  const base = step(0, 'baseline', { size: size(100, 100, 1) });
  const slower = step(1, 'pruned', { size: size(100, 100, 4) });
  const row = compareSteps(base, slower).find((r) => r.key === 'latency');
  assert.deepEqual([row?.change, row?.tone], ['4.00× slower', 'bad']);
  const jitter = compareSteps(base, step(1, 'pruned', { size: size(100, 100, 1.1) })).find((r) => r.key === 'latency');
  assert.deepEqual([jitter?.change, jitter?.tone], ['≈ same', 'neutral'], 'timing noise is not a slowdown');
  const unknown = compareSteps(base, step(1, 'pruned')).find((r) => r.key === 'latency');
  assert.deepEqual([unknown?.result, unknown?.change], ['—', '—']);
});

test('formatting helpers', () => {
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(2048), '2.0 KB');
  assert.equal(formatBytes(3 * 1024 * 1024), '3.00 MB');
  assert.equal(formatBytes(null), '—');
  assert.equal(formatMs(0.25), '250 µs');
  assert.equal(formatMs(12.345), '12.3 ms');
  assert.equal(ratio(10, 0), null);
  assert.equal(ratio(10, 5), 2);
});
