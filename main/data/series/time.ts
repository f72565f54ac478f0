/**
 * The time column of a series: every cell must parse the same way, either as
 * a date or date-time (ISO 8601: '2024-03-01', '2024-03-01T12:00',
 * '2024-03-01 12:00:00Z') or as a plain number (a step index, a Unix time).
 * Date-times without a zone are read as UTC, so a file means the same on every
 * machine. Returns milliseconds (dates) or the numbers themselves.
 */
import { ApiError } from '../../api/errors.ts';
import { parseNumber } from '../csv-cells.ts';
import { quote } from '../quote.ts';

export type TimeKind = 'date' | 'number';

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

export function parseTimeColumn(cells: string[], column: string, rowNumbers: number[]): { kind: TimeKind; values: Float64Array } {
  const values = new Float64Array(cells.length);
  const kind: TimeKind = cells.length > 0 && parseNumber(cells[0].trim()) !== null ? 'number' : 'date';
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i].trim();
    const v = kind === 'number' ? parseNumber(cell) : parseIsoTime(cell);
    if (v === null || !Number.isFinite(v)) {
      throw new ApiError(
        'bad_data',
        `time column ${quote(column)} has ${quote(cell)} in row ${rowNumbers[i]}, which is not ${kind === 'number' ? 'a number like the rows before it' : 'a date or date-time (YYYY-MM-DD, optionally with hh:mm[:ss] and a zone)'}`,
      );
    }
    values[i] = v;
  }
  return { kind, values };
}

export function parseIsoTime(cell: string): number | null {
  const m = ISO.exec(cell);
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone = 'Z'] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), frac ? Math.round(Number(frac) * 1000) : 0);
  const check = new Date(ms);
  // Date.UTC rolls 2023-02-30 over to March: such a date is an error, not a guess.
  if (check.getUTCFullYear() !== Number(y) || check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d)) return null;
  if (zone === 'Z') return ms;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return ms - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}

/** A time as people read it in messages and on the dataset screen. */
export function formatTime(kind: TimeKind, v: number): string {
  if (kind === 'number') return String(v);
  const iso = new Date(v).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
}
