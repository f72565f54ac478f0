/**
 * Step three of CSV import: what to do with missing cells, by the rule the user
 * chose (default 'refuse'). Fill values are computed at import time on every
 * row that is kept, before the trainer's train/validation/test split (which
 * happens per run, later): the validation and test rows take part in the mean,
 * a small leak that README ("Importing data") states.
 *
 * - refuse: an error listing each column with missing cells, its count and the first row;
 * - drop-rows: rows with a missing cell anywhere (features or label) are dropped;
 * - mean / median: numeric columns get their mean / median, text columns their
 *   most frequent value;
 * - most-frequent: every column gets its most frequent value (ties: the smallest).
 * A missing label is never made up: with a fill rule, those rows are dropped.
 */
import { ApiError } from '../api/errors.ts';
import type { MissingInfo, MissingRule } from '../api/schemas.ts';
import { median } from '../util/stats.ts';
import { compareText } from './labels.ts';
import type { Column } from './csv-columns.ts';
import { quote } from './quote.ts';
import { formatImportWarning } from './import-warnings.ts';

export type MissingResult = {
  /** Indices of the rows kept, ascending. */
  keep: Int32Array;
  /** The feature columns with missing cells filled (same objects when nothing was filled). */
  features: Column[];
  info: MissingInfo;
  warnings: string[];
};

export const MISSING_HELP =
  'drop-rows (drop those rows), mean or median (fill numbers with the column mean or median, text with its most frequent value) or most-frequent';

export function handleMissing(features: Column[], label: Column, rule: MissingRule, rowNumbers: number[]): MissingResult {
  const n = rowNumbers.length;
  const withMissing = [...features, label].filter((c) => c.missing > 0);
  const info: MissingInfo = { rule, rowsDropped: 0, cellsFilled: 0, columns: [] };
  if (withMissing.length === 0) return { keep: allRows(n), features, info, warnings: [] };

  if (rule === 'refuse') {
    const total = withMissing.reduce((s, c) => s + c.missing, 0);
    const list = withMissing.map((c) => `${quote(c.name)} (${c.missing}, first in row ${rowNumbers[firstMissing(c)]})`).join(', ');
    throw new ApiError(
      'bad_data',
      `${total} missing value${total === 1 ? '' : 's'} in ${withMissing.length} column${withMissing.length === 1 ? '' : 's'}: ${list}. ` +
        `Choose what to do with them (option 'missing'; CLI --missing): ${MISSING_HELP}`,
      { columns: withMissing.map((c) => ({ name: c.name, missing: c.missing })) },
    );
  }

  const dropped = rule === 'drop-rows' ? withMissing : label.missing > 0 ? [label] : [];
  const keep = keptRows(n, dropped);
  if (keep.length === 0) {
    throw new ApiError('bad_data', `every row has a missing value${rule === 'drop-rows' ? '' : ` in the label column ${quote(label.name)}`}: nothing would be left to import`);
  }
  info.rowsDropped = n - keep.length;
  const warnings: string[] = [];
  if (rule === 'drop-rows') {
    info.columns = withMissing.map((c) => ({ name: c.name, missing: c.missing }));
    warnings.push(formatImportWarning({ key: 'droppedMissing', params: { dropped: info.rowsDropped, rows: n, columns: withMissing.map((c) => `${c.name}: ${c.missing}`).join(', ') } }));
    return { keep, features, info, warnings };
  }

  if (label.missing > 0) {
    info.columns.push({ name: label.name, missing: label.missing });
    warnings.push(formatImportWarning({ key: 'droppedUnlabelled', params: { dropped: info.rowsDropped, rows: n, label: quote(label.name) } }));
  }
  const filledNotes: string[] = [];
  const filled = features.map((c) => {
    const missingKept = countMissing(c, keep);
    if (missingKept === 0) return c;
    const { column, fill } = fillColumn(c, keep, rule);
    info.cellsFilled += missingKept;
    info.columns.push({ name: c.name, missing: missingKept, fill });
    filledNotes.push(`${c.name} = ${typeof fill === 'string' ? quote(fill) : round(fill)} (${missingKept})`);
    return column;
  });
  if (filledNotes.length > 0) {
    warnings.push(formatImportWarning({ key: 'filled', params: { cells: info.cellsFilled, rule, rows: keep.length, columns: filledNotes.join(', ') } }));
  }
  return { keep, features: filled, info, warnings };
}

function fillColumn(c: Column, keep: Int32Array, rule: Exclude<MissingRule, 'refuse' | 'drop-rows'>): { column: Column; fill: number | string } {
  if (countMissing(c, keep) === keep.length) {
    throw new ApiError('bad_data', `column ${quote(c.name)} has no values in the rows that have a label, so there is nothing to fill it from; drop it from the file`);
  }
  if (c.kind === 'text') {
    const present: string[] = [];
    for (const i of keep) if (c.values[i] !== null) present.push(c.values[i] as string);
    const fill = mostFrequent(present, compareText);
    return { column: { ...c, values: c.values.map((v) => v ?? fill) }, fill };
  }
  const present: number[] = [];
  for (const i of keep) if (!Number.isNaN(c.values[i])) present.push(c.values[i]);
  const fill = rule === 'mean' ? mean(present) : rule === 'median' ? median(present) : mostFrequent(present, (a, b) => a - b);
  return { column: { ...c, values: c.values.map((v) => (Number.isNaN(v) ? fill : v)) }, fill };
}

function isMissingAt(c: Column, i: number): boolean {
  return c.kind === 'numeric' ? Number.isNaN(c.values[i]) : c.values[i] === null;
}

function firstMissing(c: Column): number {
  for (let i = 0; i < c.values.length; i++) if (isMissingAt(c, i)) return i;
  return -1;
}

function countMissing(c: Column, rows: Int32Array): number {
  let k = 0;
  for (const i of rows) if (isMissingAt(c, i)) k++;
  return k;
}

function keptRows(n: number, dropBy: Column[]): Int32Array {
  const keep: number[] = [];
  for (let i = 0; i < n; i++) if (!dropBy.some((c) => isMissingAt(c, i))) keep.push(i);
  return Int32Array.from(keep);
}

const allRows = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i);

function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** The most frequent value; among equally frequent ones, the smallest by `compare` (reproducible). */
export function mostFrequent<T>(xs: readonly T[], compare: (a: T, b: T) => number): T {
  const counts = new Map<T, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  let best: T = xs[0];
  let bestCount = 0;
  for (const [x, k] of counts) {
    if (k > bestCount || (k === bestCount && compare(x, best) < 0)) {
      best = x;
      bestCount = k;
    }
  }
  return best;
}

const round = (v: number): number => Number(v.toPrecision(6));
