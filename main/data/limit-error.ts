/**
 * The one shape of a "too large" error in the data layer: what hit which limit,
 * the actual size, the limit, and what to do. The numbers also travel in
 * `details` so a UI can show them without parsing the message.
 */
import { ApiError } from '../api/errors.ts';

/** A size in bytes, or a count of things (`noun`, plural: 'pixels', 'cells'). */
export type Size = { value: number; unit: 'bytes' } | { value: number; unit: 'count'; noun: string };

export function tooLarge(what: string, actual: Size, limit: Size, advice: string, opts: { atLeast?: boolean } = {}): ApiError {
  let shown = formatSize(actual);
  // Rounded alike (200.01 MiB vs 200 MiB): give the exact figure.
  if (shown === formatSize(limit) && !opts.atLeast && actual.unit === 'bytes') shown = `${actual.value.toLocaleString('en-US')} bytes`;
  const size = `${opts.atLeast ? 'more than ' : ''}${shown}`;
  return new ApiError('too_large', `${what} is ${size}; the limit is ${formatSize(limit)}. ${advice}`, {
    actual: actual.value,
    limit: limit.value,
    unit: limit.unit,
  });
}

export const bytes = (value: number): Size => ({ value, unit: 'bytes' });
export const count = (value: number, noun: string): Size => ({ value, unit: 'count', noun });

export function formatSize(size: Size): string {
  if (size.unit === 'count') return `${size.value.toLocaleString('en-US')} ${size.noun}`;
  const units: [number, string][] = [[2 ** 30, 'GiB'], [2 ** 20, 'MiB'], [2 ** 10, 'KiB']];
  for (const [scale, unit] of units) {
    if (size.value >= scale) return `${Number((size.value / scale).toFixed(1))} ${unit}`;
  }
  return `${size.value} bytes`;
}
