import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitsFloat32, isDecimalCommaNumber, isInfinity, isMissing, parseDecimalComma } from '../../../main/data/csv-cells.ts';

test('missing spellings: pandas defaults plus ?, case-sensitive', () => {
  for (const m of ['', 'NA', 'N/A', 'n/a', '#N/A', 'NaN', 'nan', '-nan', 'NULL', 'null', 'None', '<NA>', '?']) assert.ok(isMissing(m), m);
  for (const v of ['0', 'na', 'none', 'Null', 'inf', 'missing value', ' ']) assert.ok(!isMissing(v), v);
});

test('infinity spellings are recognised, numbers and words are not', () => {
  for (const v of ['inf', '-inf', '+inf', 'Infinity', '-Infinity', 'INF', '1.#INF', '-1.#INF']) assert.ok(isInfinity(v), v);
  for (const v of ['1e308', 'info', 'infinite', '']) assert.ok(!isInfinity(v), v);
});

test('decimal-comma numbers: one comma, no dot, no exponent', () => {
  for (const v of ['1,5', '-0,25', '+3,0', ',5', '12']) assert.ok(isDecimalCommaNumber(v), v);
  for (const v of ['1.5', '1.234,5', '1,2,3', '1,5e3', '1,', 'a,b', '']) assert.ok(!isDecimalCommaNumber(v), v);
  assert.equal(parseDecimalComma('-0,25'), -0.25);
  assert.equal(parseDecimalComma(',5'), 0.5);
});

test('float32 range: 3.4e38 fits, 3.5e38 and 1e39 do not', () => {
  assert.ok(fitsFloat32(3.4e38));
  assert.ok(fitsFloat32(-3.4e38));
  assert.ok(!fitsFloat32(3.5e38));
  assert.ok(!fitsFloat32(-1e39));
  assert.ok(fitsFloat32(1e-50)); // underflows to 0: precision, not range
});
