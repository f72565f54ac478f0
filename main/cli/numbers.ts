/**
 * The CLI's one number parser: positional values and option values alike.
 * Strict decimal syntax (no '', '0x10', '1_000' or ' 5 ' slipping through as
 * Number() would let them), negatives welcome (objective values often are),
 * and an optional range whose message says what was expected.
 */
import { UsageError } from './usage-error.ts';

/** Inclusive min/max, exclusive greaterThan/lessThan. */
export type Range = { min?: number; max?: number; greaterThan?: number; lessThan?: number };

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * '-0.5', '-1e-3', '-3', '-0.5,-2': text the argument parser must take as a value,
 * not as options. No option is a digit, so anything that starts '-<digit>' or
 * '-.<digit>' is a value (and a malformed one, '-0.5,x', gets the number parser's
 * message rather than "unknown option '-0'").
 */
export function isNegativeNumberText(text: string): boolean {
  return /^-\.?\d/.test(text);
}

function describeRange(range: Range, integer: boolean): string {
  const parts: string[] = [];
  if (range.min !== undefined) parts.push(`≥ ${range.min}`);
  if (range.greaterThan !== undefined) parts.push(`> ${range.greaterThan}`);
  if (range.max !== undefined) parts.push(`≤ ${range.max}`);
  if (range.lessThan !== undefined) parts.push(`< ${range.lessThan}`);
  return `${integer ? 'an integer' : 'a number'}${parts.length ? ` ${parts.join(' and ')}` : ''}`;
}

function parse(text: string, name: string, range: Range, integer: boolean): number {
  const value = NUMBER.test(text) ? Number(text) : Number.NaN;
  const inRange =
    Number.isFinite(value) &&
    (!integer || Number.isInteger(value)) &&
    (range.min === undefined || value >= range.min) &&
    (range.max === undefined || value <= range.max) &&
    (range.greaterThan === undefined || value > range.greaterThan) &&
    (range.lessThan === undefined || value < range.lessThan);
  if (!inRange) throw new UsageError(`${name} must be ${describeRange(range, integer)}, got '${text}'.`);
  return value;
}

export function parseNumber(text: string, name: string, range?: Range): number;
export function parseNumber(text: string | undefined, name: string, range?: Range): number | undefined;
export function parseNumber(text: string | undefined, name: string, range: Range = {}): number | undefined {
  return text === undefined ? undefined : parse(text, name, range, false);
}

export function parseInteger(text: string, name: string, range?: Range): number;
export function parseInteger(text: string | undefined, name: string, range?: Range): number | undefined;
export function parseInteger(text: string | undefined, name: string, range: Range = {}): number | undefined {
  return text === undefined ? undefined : parse(text, name, range, true);
}

/** 'a,b,c' → numbers; every element is checked against the range (and to be whole, with `integer`). */
export function parseNumberList(text: string, name: string, range: Range = {}, integer = false): number[] {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.some((p) => p === '')) throw new UsageError(`${name} must be comma-separated ${integer ? 'integers' : 'numbers'}, got '${text}'.`);
  return parts.map((p) => parse(p, name, range, integer));
}
