import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatNumber } from '../../../renderer/src/lib/format.ts';

test('float32 noise is rounded away and trailing zeros trimmed', () => {
  // What a Float32Array gives back for 16.8, after the engine's 1e-6 rounding.
  assert.equal(formatNumber(Math.fround(16.8), 6), '16.8');
  assert.equal(formatNumber(16.799999, 6), '16.8');
  assert.equal(formatNumber(Math.fround(0.1)), '0.1');
  assert.equal(formatNumber(0.5), '0.5');
  assert.equal(formatNumber(2), '2');
  assert.equal(formatNumber(-3.25), '-3.25');
});

test('significant digits, not decimal places', () => {
  assert.equal(formatNumber(0.123456), '0.1235');
  assert.equal(formatNumber(0.0123456), '0.01235');
  assert.equal(formatNumber(1234.5678), '1235');
  assert.equal(formatNumber(1234.5678, 6), '1234.57');
  assert.equal(formatNumber(0.96666667), '0.9667');
});

test('tiny and huge magnitudes use a trimmed exponent', () => {
  assert.equal(formatNumber(0.00001), '1e-5');
  assert.equal(formatNumber(0.000012346), '1.235e-5');
  assert.equal(formatNumber(25_000_000), '2.5e7');
  assert.equal(formatNumber(1e-7, 6), '1e-7');
});

test('missing and non-finite values are a dash; zero is 0', () => {
  assert.equal(formatNumber(undefined), '—');
  assert.equal(formatNumber(null), '—');
  assert.equal(formatNumber(NaN), '—');
  assert.equal(formatNumber(Infinity), '—');
  assert.equal(formatNumber(0), '0');
  assert.equal(formatNumber(-0), '0');
});
