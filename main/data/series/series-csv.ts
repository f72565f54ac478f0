/**
 * A CSV of one or more time series → windowed samples (windows.ts) with the
 * chronological split stored beside them (parts.u8).
 *
 *   --series --time COL --target COL [--values A,B] [--id COL] --lookback L --horizon H [--stride S]
 *
 * Forecasting: x = the last `lookback` steps of the value columns (the target
 * first, then the others) [lookback, values], y = the next `horizon` steps of
 * the target (regression with one output per step). Sequence classification
 * (`label` instead of `target`): y = the label at the window's last step.
 *
 * Refused with the row or series named: a time cell that does not parse, time
 * not increasing within a series, a duplicate timestamp, a missing value, a
 * lookback longer than a part of a series, a value column that is the target
 * shifted into the future (it would leak what is forecast).
 */
import { ApiError } from '../../api/errors.ts';
import type { DatasetInfo, SeriesInfo } from '../../api/schemas.ts';
import { SERIES_SHARE_DEFAULT } from './defaults.ts';
import { MAX_DATASET_VALUES, MAX_HORIZON, MAX_LOOKBACK } from '../../limits.ts';
import { readColumn, type Column, type NumericColumn } from '../csv-columns.ts';
import { readCsvTable } from '../csv-table.ts';
import { encodeClassLabels } from '../labels.ts';
import { findLeak } from '../leak.ts';
import { count, tooLarge } from '../limit-error.ts';
import { quote } from '../quote.ts';
import type { ParsedDataset } from '../types.ts';
import { formatTime, parseTimeColumn } from './time.ts';
import { checkSeriesLength, seriesWindows, splitPoints } from './windows.ts';

export type SeriesOptions = {
  time: string;
  /** Forecasting: the column to forecast. */
  target?: string;
  /** Sequence classification: the column whose value at a window's last step is its class. */
  label?: string;
  /** Input columns besides the target (default: every other numeric column). */
  values?: string[];
  id?: string;
  lookback: number;
  horizon?: number;
  stride?: number;
  validation?: number;
  test?: number;
};

type Series = { id: string; rows: number[] };

/**
 * Refusals about one import option name it in `details.field`, as the request's path
 * ('series.lookback', 'label': sequence classification's label is the import's own): the UI puts
 * the message next to that field.
 */
const VALUES = 'series.values';

export function parseSeriesCsv(text: string, opts: SeriesOptions): ParsedDataset {
  checkOptions(opts);
  const table = readCsvTable(text);
  const { header, rowNumbers } = table;
  const index = (name: string, what: string, field: string): number => {
    const j = header.indexOf(name);
    if (j < 0) throw new ApiError('bad_data', `${what} column ${quote(name)} not found; columns are: ${header.slice(0, 20).map(quote).join(', ')}`, { field });
    return j;
  };
  const forecast = opts.target !== undefined;
  const timeIndex = index(opts.time, 'time', 'series.time');
  const idIndex = opts.id === undefined ? -1 : index(opts.id, 'id', 'series.id');
  const outIndex = forecast ? index(opts.target as string, 'target', 'series.target') : index(opts.label as string, 'label', 'label');
  const reserved = new Set([timeIndex, idIndex, outIndex]);
  const valueIndex = opts.values ? opts.values.map((v) => index(v, 'value', VALUES)) : header.map((_, j) => j).filter((j) => !reserved.has(j));
  for (const j of valueIndex) if (reserved.has(j)) throw new ApiError('bad_data', `column ${quote(header[j])} is the time, id or ${forecast ? 'target' : 'label'} column; it cannot also be a value column`, { field: VALUES });
  const inputIndex = forecast ? [outIndex, ...valueIndex] : valueIndex;
  if (inputIndex.length === 0) throw new ApiError('bad_data', 'the series has no value columns to learn from', { field: VALUES });
  // In a forecast the first input is the target: a refusal of it is the target field's.
  const inputs = inputIndex.map((j, k) => numeric(readColumn(table, j), forecast && k === 0 ? 'series.target' : VALUES));
  const outColumn = forecast ? inputs[0] : readColumn(table, outIndex, { mixedAsText: true });
  const time = parseTimeColumn(table.rows.map((r) => r[timeIndex] ?? ''), opts.time, rowNumbers);
  const series = groupSeries(table.rows.map((r) => (idIndex < 0 ? '' : (r[idIndex] ?? ''))), time.values, opts, rowNumbers, time.kind);

  const lookback = opts.lookback;
  const horizon = forecast ? (opts.horizon ?? 1) : 0;
  const stride = opts.stride ?? 1;
  const validation = opts.validation ?? SERIES_SHARE_DEFAULT;
  const testShare = opts.test ?? SERIES_SHARE_DEFAULT;
  const V = inputs.length;
  const plans = series.map((s) => {
    const points = splitPoints(s.rows.length, validation, testShare);
    checkSeriesLength(s.id === '' ? 'the series' : `series ${quote(s.id)}`, s.rows.length, points, lookback, horizon);
    return { s, points, windows: seriesWindows(s.rows.length, points, lookback, horizon, stride) };
  });
  const n = plans.reduce((a, p) => a + p.windows.length, 0);
  if (n * lookback * V > MAX_DATASET_VALUES) {
    throw tooLarge('the windowed series', count(n * lookback * V, 'values'), count(MAX_DATASET_VALUES, 'values'), 'Use a larger stride, a shorter lookback or fewer value columns.');
  }
  if (forecast) checkFutureLeak(inputs, series, horizon);

  const x = new Float32Array(n * lookback * V);
  const width = forecast ? horizon : 1;
  const y = new Float32Array(n * width);
  const labels: string[] = [];
  const parts = new Uint8Array(n);
  let w = 0;
  for (const { s, windows } of plans) {
    for (const { start, part } of windows) {
      for (let l = 0; l < lookback; l++) for (let v = 0; v < V; v++) x[(w * lookback + l) * V + v] = inputs[v].values[s.rows[start + l]];
      if (forecast) for (let h = 0; h < horizon; h++) y[w * horizon + h] = (outColumn as NumericColumn).values[s.rows[start + lookback + h]];
      else labels.push(cellText(outColumn, s.rows[start + lookback - 1]));
      parts[w++] = part;
    }
  }
  const counts = { train: 0, val: 0, test: 0 };
  for (const p of parts) counts[p === 0 ? 'train' : p === 1 ? 'val' : 'test']++;
  const info: SeriesInfo = {
    timeColumn: opts.time,
    valueColumns: inputs.map((c) => c.name),
    target: forecast ? (opts.target as string) : (opts.label as string),
    ...(opts.id !== undefined ? { idColumn: opts.id } : {}),
    lookback,
    horizon,
    stride,
    split: { validation, test: testShare },
    series: plans.map(({ s, points }) => ({
      id: s.id,
      length: s.rows.length,
      start: formatTime(time.kind, time.values[s.rows[0]]),
      end: formatTime(time.kind, time.values[s.rows[s.rows.length - 1]]),
      valStart: points.valStart,
      testStart: points.testStart,
    })),
    windows: counts,
  };
  const base = { inputShape: [lookback, V], x, featureNames: [], source: 'csv' as const, parts, info: { delimiter: table.delimiter, series: info } as DatasetInfo };
  if (forecast) {
    const names = horizon === 1 ? [] : Array.from({ length: horizon }, (_, h) => `${opts.target} t+${h + 1}`);
    return { ...base, task: 'regression', y, classes: names, classCounts: [], labelName: opts.target as string };
  }
  const encoded = encodeClassLabels(labels, outColumn.kind === 'numeric');
  if (encoded.classes.length < 2) throw new ApiError('bad_data', `label column ${quote(opts.label as string)} has only one value at the windows' ends; classification needs at least 2 classes`, { field: 'label' });
  const leak = findLeak(inputs.map((c) => ({ name: c.name, values: windowEnds(c, plans, lookback) })), encoded.y, 'classification', Int32Array.from(encoded.y, (_, i) => i), encoded.classes.length);
  if (leak) throw new ApiError('bad_data', `value column ${quote(leak)} gives the label ${quote(opts.label as string)} away (its value at a window's end determines the class); drop it with --values`, { field: VALUES });
  return { ...base, task: 'classification', y: encoded.y, classes: encoded.classes, classCounts: encoded.classCounts, labelName: opts.label as string };
}

function checkOptions(opts: SeriesOptions): void {
  if ((opts.target === undefined) === (opts.label === undefined)) throw new ApiError('invalid_argument', 'a series import needs either a target (forecasting) or a label (sequence classification), not both');
  const int = (v: number | undefined, name: string, min: number, max: number) => {
    if (v !== undefined && (!Number.isInteger(v) || v < min || v > max)) throw new ApiError('invalid_argument', `${name} must be a whole number from ${min} to ${max}, got ${v}`, { field: `series.${name}` });
  };
  int(opts.lookback, 'lookback', 1, MAX_LOOKBACK);
  int(opts.horizon, 'horizon', 1, MAX_HORIZON);
  int(opts.stride, 'stride', 1, MAX_LOOKBACK);
  for (const [name, v] of [['validation', opts.validation], ['test', opts.test]] as const) {
    if (v !== undefined && !(v >= 0 && v < 0.9)) throw new ApiError('invalid_argument', `the ${name} share must be in [0, 0.9), got ${v}`, { field: `series.${name}` });
  }
  if ((opts.validation ?? SERIES_SHARE_DEFAULT) <= 0) throw new ApiError('invalid_argument', 'a series needs a validation share above 0', { field: 'series.validation' });
}

/** `field`: the import option that named the column (the target, or the value columns). */
function numeric(column: Column, field: string): NumericColumn {
  if (column.kind !== 'numeric') throw new ApiError('bad_data', `value column ${quote(column.name)} holds words, not numbers; leave it out with --values`, { field });
  if (column.missing > 0) {
    const first = Array.from(column.values).findIndex((v) => Number.isNaN(v));
    throw new ApiError('bad_data', `value column ${quote(column.name)} has ${column.missing} missing value(s) (the first at data row ${first + 1}); fill the gaps (e.g. interpolate) before importing a series`, { field });
  }
  return column;
}

function cellText(column: Column, row: number): string {
  const v = column.values[row];
  if (v === null || (typeof v === 'number' && Number.isNaN(v))) throw new ApiError('bad_data', `label column ${quote(column.name)} is missing at data row ${row + 1}`, { field: 'label' });
  return String(v);
}

/** Rows by series (ids in code-point order), each strictly increasing in time. */
function groupSeries(ids: string[], time: Float64Array, opts: SeriesOptions, rowNumbers: number[], kind: 'date' | 'number'): Series[] {
  const byId = new Map<string, number[]>();
  ids.forEach((id, r) => {
    let rows = byId.get(id);
    if (!rows) byId.set(id, (rows = []));
    rows.push(r);
  });
  const named = (id: string) => (opts.id === undefined ? '' : ` of series ${quote(id)}`);
  for (const [id, rows] of byId) {
    for (let k = 1; k < rows.length; k++) {
      const [a, b] = [rows[k - 1], rows[k]];
      if (time[b] === time[a]) {
        throw new ApiError('bad_data', `duplicate time ${quote(formatTime(kind, time[b]))}${named(id)} in rows ${rowNumbers[a]} and ${rowNumbers[b]}; a series has one row per time step${opts.id === undefined ? ' (several series? name their id column with --id)' : ''}`, { field: opts.id === undefined ? 'series.id' : 'series.time' });
      }
      if (time[b] < time[a]) {
        throw new ApiError('bad_data', `time column ${quote(opts.time)} is not in order${named(id)}: row ${rowNumbers[b]} (${quote(formatTime(kind, time[b]))}) comes after row ${rowNumbers[a]} (${quote(formatTime(kind, time[a]))}); sort the file by time first`, { field: 'series.time' });
      }
    }
  }
  return [...byId].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([id, rows]) => ({ id, rows }));
}

/** A value column equal to the target k steps ahead (1 ≤ k ≤ horizon) in every series would hand the model what it forecasts. */
function checkFutureLeak(inputs: NumericColumn[], series: Series[], horizon: number): void {
  const target = inputs[0];
  for (const column of inputs.slice(1)) {
    for (let k = 1; k <= horizon; k++) {
      let compared = 0;
      const equal = series.every(({ rows }) => {
        for (let t = 0; t + k < rows.length; t++, compared++) if (column.values[rows[t]] !== target.values[rows[t + k]]) return false;
        return true;
      });
      if (equal && compared >= 2) {
        throw new ApiError('bad_data', `value column ${quote(column.name)} is the target ${quote(target.name)} ${k} step(s) ahead: it would leak what is forecast; drop it with --values`, { field: VALUES });
      }
    }
  }
}

function windowEnds(column: NumericColumn, plans: { s: Series; windows: { start: number }[] }[], lookback: number): Float64Array {
  const out: number[] = [];
  for (const { s, windows } of plans) for (const { start } of windows) out.push(column.values[s.rows[start + lookback - 1]]);
  return Float64Array.from(out);
}
