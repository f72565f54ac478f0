/**
 * CSV → ParsedDataset. Numeric columns pass through; text columns are one-hot
 * encoded ('col=value', categories sorted so the encoding is reproducible); the
 * label column (last by default) decides classification vs regression.
 */
import { ApiError } from '../api/errors.ts';
import type { Task } from '../api/schemas.ts';
import { readCsvTable, parseNumber, type CsvTable } from './csv-table.ts';
import { compareText, encodeClassLabels } from './labels.ts';
import type { ParsedDataset } from './types.ts';

/** More categories than this is almost always an id / free-text column that would only add noise. */
export const MAX_CATEGORIES = 100;
/** An all-integer label with at most this many distinct values is taken as class ids. */
export const MAX_AUTO_CLASSES = 20;

export type CsvOptions = { label?: string; task?: Task };

type Column =
  | { kind: 'numeric'; index: number; values: Float64Array }
  | { kind: 'categorical'; index: number; categories: string[] };

export function parseCsvDataset(text: string, opts: CsvOptions = {}): ParsedDataset {
  const table = readCsvTable(text);
  const { header, rows } = table;
  // An empty label option (a cleared form field) means the default, the last column.
  const labelName = opts.label || header[header.length - 1];
  const labelIndex = header.indexOf(labelName);
  if (labelIndex < 0) {
    throw new ApiError('bad_data', `label column '${labelName}' not found; columns are: ${header.join(', ')}`);
  }
  if (header.length < 2) throw new ApiError('bad_data', `the CSV file has only the label column '${labelName}' and no features`);

  const columns: Column[] = [];
  for (let j = 0; j < header.length; j++) if (j !== labelIndex) columns.push(analyseFeature(table, j));

  const featureNames: string[] = [];
  for (const c of columns) {
    if (c.kind === 'numeric') featureNames.push(header[c.index]);
    else for (const cat of c.categories) featureNames.push(`${header[c.index]}=${cat}`);
  }
  const width = featureNames.length;
  const x = new Float32Array(rows.length * width);
  let offset = 0;
  for (const c of columns) {
    if (c.kind === 'numeric') {
      for (let i = 0; i < rows.length; i++) x[i * width + offset] = c.values[i];
      offset += 1;
    } else {
      const slot = new Map(c.categories.map((cat, k) => [cat, k] as const));
      for (let i = 0; i < rows.length; i++) x[i * width + offset + (slot.get(rows[i][c.index]) as number)] = 1;
      offset += c.categories.length;
    }
  }

  const label = encodeLabel(table, labelIndex, opts.task);
  return { ...label, inputShape: [width], x, featureNames, labelName, source: 'csv' };
}

/** Numeric if every cell is a number; an error if most are but some are not (a typo); else categorical. */
function analyseFeature(table: CsvTable, j: number): Column {
  const { header, rows } = table;
  const values = new Float64Array(rows.length);
  const firstText = findNumbers(table, j, values);
  if (firstText < 0) return { kind: 'numeric', index: j, values };
  const textCount = countText(rows, j);
  if ((rows.length - textCount) * 2 > rows.length) throw numericButText(table, j, firstText);
  const categories = [...new Set(rows.map((r) => r[j]))].sort(compareText);
  if (categories.length > MAX_CATEGORIES) {
    throw new ApiError(
      'bad_data',
      `column '${header[j]}' has ${categories.length} distinct text values (more than ${MAX_CATEGORIES}); ` +
        `it looks like an id or free text: drop it from the file, or encode it as numbers`,
    );
  }
  return { kind: 'categorical', index: j, categories };
}

function encodeLabel(table: CsvTable, j: number, task: Task | undefined): Pick<ParsedDataset, 'task' | 'y' | 'classes' | 'classCounts'> {
  const { header, rows } = table;
  const values = new Float64Array(rows.length);
  const firstText = findNumbers(table, j, values);
  const numeric = firstText < 0;
  if (task === 'regression' || (task === undefined && numeric && !looksLikeClassIds(values))) {
    if (!numeric) {
      throw new ApiError(
        'bad_data',
        `regression needs a numeric label, but column '${header[j]}' has '${rows[firstText][j]}' in row ${table.rowNumbers[firstText]}`,
      );
    }
    return { task: 'regression', y: Float32Array.from(values), classes: [], classCounts: [] };
  }
  // Without an explicit task, a mostly numeric label with a few words in it is a typo, not 2+ classes.
  if (task === undefined && !numeric && (rows.length - countText(rows, j)) * 2 > rows.length) {
    throw numericButText(table, j, firstText);
  }
  // Numeric class labels are canonicalised so '1' and '1.0' are one class.
  const names = numeric ? Array.from(values, (v) => String(v)) : rows.map((r) => r[j]);
  const encoded = encodeClassLabels(names, numeric);
  if (encoded.classes.length < 2) {
    throw new ApiError('bad_data', `label column '${header[j]}' has only one value ('${encoded.classes[0]}'); classification needs at least 2 classes`);
  }
  return { task: 'classification', ...encoded };
}

function looksLikeClassIds(values: Float64Array): boolean {
  const distinct = new Set<number>();
  for (const v of values) {
    if (!Number.isInteger(v)) return false;
    distinct.add(v);
    if (distinct.size > MAX_AUTO_CLASSES) return false;
  }
  return true;
}

/** Fills `out` with column j as numbers; returns the first row index holding text, or -1. */
function findNumbers(table: CsvTable, j: number, out: Float64Array): number {
  for (let i = 0; i < table.rows.length; i++) {
    const v = parseNumber(table.rows[i][j]);
    if (v === null) return i;
    out[i] = v;
  }
  return -1;
}

function countText(rows: string[][], j: number): number {
  let n = 0;
  for (const r of rows) if (parseNumber(r[j]) === null) n++;
  return n;
}

function numericButText(table: CsvTable, j: number, i: number): ApiError {
  return new ApiError('bad_data', `column '${table.header[j]}' is numeric but row ${table.rowNumbers[i]} has '${table.rows[i][j]}'`);
}
