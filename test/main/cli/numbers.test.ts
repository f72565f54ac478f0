import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isNegativeNumberText, parseInteger, parseNumber, parseNumberList } from '../../../main/cli/numbers.ts';
import { UsageError } from '../../../main/cli/usage-error.ts';

const usage = (pattern: RegExp) => (e: unknown) => e instanceof UsageError && pattern.test(e.message);

test('numbers: negatives, exponents and strict syntax', () => {
  assert.equal(parseNumber('-0.5', 'VALUE'), -0.5);
  assert.equal(parseNumber('-1e-3', 'VALUE'), -0.001);
  assert.equal(parseNumber('.5', 'VALUE'), 0.5);
  assert.equal(parseNumber(undefined, '--lr'), undefined);
  for (const bad of ['', ' 5', '0x10', '1_000', 'NaN', 'Infinity', '1e999', 'two', '--3']) {
    assert.throws(() => parseNumber(bad, 'VALUE'), usage(/VALUE must be a number, got/), bad);
  }
});

test('integers and ranges say what was expected', () => {
  assert.equal(parseInteger('-3', 'STEP'), -3);
  assert.throws(() => parseInteger('2.5', '--epochs', { min: 1 }), usage(/--epochs must be an integer ≥ 1, got '2.5'/));
  assert.throws(() => parseInteger('0', '--epochs', { min: 1 }), usage(/≥ 1/));
  assert.throws(() => parseInteger('501', '--limit', { min: 1, max: 500 }), usage(/--limit must be an integer ≥ 1 and ≤ 500, got '501'/));
  assert.throws(() => parseNumber('1', '--x', { lessThan: 1 }), usage(/< 1/));
  assert.equal(parseNumber('0', '--x', { min: 0, lessThan: 1 }), 0);
  assert.throws(() => parseNumber('0', '--x', { greaterThan: 0 }), usage(/> 0/));
});

test('lists of numbers, negatives included', () => {
  assert.deepEqual(parseNumberList('-0.5,-2', 'VALUE'), [-0.5, -2]);
  assert.deepEqual(parseNumberList('1, 2.5', 'VALUE'), [1, 2.5]);
  assert.throws(() => parseNumberList('1,,2', 'VALUE'), usage(/comma-separated numbers/));
  assert.throws(() => parseNumberList('1,x', 'VALUE'), usage(/VALUE must be a number, got 'x'/));
});

test('negative-number text is recognised as a value, options are not', () => {
  for (const t of ['-0.5', '-1e-3', '-3', '-0.5,-2', '-.5', '-0.5,x']) assert.ok(isNegativeNumberText(t), t);
  for (const t of ['-h', '--json', '3', '-', '--', '-e5', '-.']) assert.ok(!isNegativeNumberText(t), t);
});
