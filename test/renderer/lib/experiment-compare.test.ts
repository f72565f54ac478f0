import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareSteps, formatBytes, formatMs, ratio, sparsityNote } from '../../../renderer/src/lib/experiment-compare.ts';
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

test('a step timed against its baseline shows the engine\'s verdict; magnitude sparsity is said to save size, not time', () => {
  const base = step(0, 'baseline', { size: size(1000, 1000, 1.24) });
  const comparison = { baselineMedianMs: 1.1, ratio: 0.98, low: 0.93, high: 1.04, pairs: 60, verdict: 'no measurable change' as const };
  // Separately measured medians alone would read "2.47× faster" here (the figures).
  const latency = { medianMs: 0.502, q1Ms: 0.49, q3Ms: 0.52, batch: 32, repeats: 60, backend: 'cpu', comparison };
  const pruned = step(1, 'pruned', { size: { ...size(1000, 200), latency }, sparsity: { sparsity: 0.8, zeros: 800, total: 1000, layers: [] } });
  const row = compareSteps(base, pruned).find((r) => r.key === 'latency');
  assert.deepEqual([row?.baseline, row?.change, row?.tone], ['1.10 ms', 'no measurable change', 'neutral']);
  assert.match(sparsityNote(base, pruned) ?? '', /saves size .*not time/);
  const faster = { ...latency, comparison: { ...comparison, ratio: 0.5, low: 0.45, high: 0.55, verdict: 'faster' as const } };
  const structured = step(1, 'pruned', { size: { ...size(400, 400), latency: faster } });
  assert.equal(compareSteps(base, structured).find((r) => r.key === 'latency')?.change, '2.00× faster (1.82–2.22×)');
  assert.equal(sparsityNote(base, structured), null, 'a structurally smaller model is not the magnitude case');
});
