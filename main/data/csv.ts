/**
 * CSV → ParsedDataset: the table (csv-table.ts) → typed columns (csv-columns.ts)
 * → missing values handled by the chosen rule (missing.ts) → features: numeric
 * columns pass through, text columns are one-hot encoded ('col=value', categories
 * sorted so the encoding is reproducible); the label column (last by default)
 * decides classification vs regression.
 */
import { ApiError } from '../api/errors.ts';
import type { DatasetInfo, MissingRule, Task } from '../api/schemas.ts';
import { MAX_DATASET_VALUES } from '../limits.ts';
import { readColumn, type Column, type NumericColumn } from './csv-columns.ts';
import { readCsvTable } from './csv-table.ts';
import { compareText, encodeClassLabels } from './labels.ts';
import { count, tooLarge } from './limit-error.ts';
import { handleMissing } from './missing.ts';
import { quote } from './quote.ts';
import type { ParsedDataset } from './types.ts';

/** More categories than this is almost always an id / free-text column that would only add noise. */
export const MAX_CATEGORIES = 100;
/** An all-integer label with at most this many distinct values is taken as class ids. */
export const MAX_AUTO_CLASSES = 20;

/** Column names an error lists at most (a wide file would otherwise fill the message). */
const MAX_LISTED_COLUMNS = 20;

export type CsvOptions = { label?: string; task?: Task; missing?: MissingRule };

type Feature = { column: Column; categories: string[] };

export function parseCsvDataset(text: string, opts: CsvOptions = {}): ParsedDataset {
  const table = readCsvTable(text);
  const { header, rowNumbers } = table;
  // An empty label option (a cleared form field) means the default, the last column.
  const labelName = opts.label || header[header.length - 1];
  const labelIndex = header.indexOf(labelName);
  if (labelIndex < 0) {
    const shown = header.slice(0, MAX_LISTED_COLUMNS).map(quote).join(', ');
    const more = header.length > MAX_LISTED_COLUMNS ? `, … (${header.length} columns)` : '';
    throw new ApiError('bad_data', `label column ${quote(labelName)} not found; columns are: ${shown}${more}`);
  }
  if (header.length < 2) throw new ApiError('bad_data', `the CSV file has only the label column ${quote(labelName)} and no features`);

  // Without an explicit task, a mostly numeric label with a few words is a typo; asked for classes, it is classes.
  const columns = header.map((_, j) => readColumn(table, j, { mixedAsText: j === labelIndex && opts.task === 'classification' }));
  const label = columns[labelIndex];
  const missing = handleMissing(columns.filter((_, j) => j !== labelIndex), label, opts.missing ?? 'refuse', rowNumbers);
  const rows = missing.keep;

  const features: Feature[] = missing.features.map((column) => ({ column, categories: column.kind === 'text' ? categoriesOf(column, rows) : [] }));
  const featureNames: string[] = [];
  for (const { column, categories } of features) {
    if (column.kind === 'numeric') featureNames.push(column.name);
    else for (const cat of categories) featureNames.push(`${column.name}=${cat}`);
  }
  const width = featureNames.length;
  if (rows.length * width > MAX_DATASET_VALUES) {
    throw tooLarge(
      `the CSV's ${rows.length.toLocaleString('en-US')} rows x ${width.toLocaleString('en-US')} features (after one-hot encoding text columns)`,
      count(rows.length * width, 'values'),
      count(MAX_DATASET_VALUES, 'values'),
      'Drop rows, or text columns with many distinct values.',
    );
  }
  const x = new Float32Array(rows.length * width);
  let offset = 0;
  for (const { column, categories } of features) {
    if (column.kind === 'numeric') {
      for (let r = 0; r < rows.length; r++) x[r * width + offset] = column.values[rows[r]];
      offset += 1;
    } else {
      const slot = new Map(categories.map((cat, k) => [cat, k] as const));
      for (let r = 0; r < rows.length; r++) x[r * width + offset + (slot.get(column.values[rows[r]] as string) as number)] = 1;
      offset += categories.length;
    }
  }

  const decimalComma = columns.filter((c): c is NumericColumn => c.kind === 'numeric' && c.decimalComma).map((c) => c.name);
  const info: DatasetInfo = { delimiter: table.delimiter, missing: missing.info, ...(decimalComma.length ? { decimalComma } : {}) };
  return {
    ...encodeLabel(label, rows, opts.task, rowNumbers),
    inputShape: [width],
    x,
    featureNames,
    labelName,
    source: 'csv',
    info,
    warnings: missing.warnings,
  };
}

function categoriesOf(column: Column & { kind: 'text' }, rows: Int32Array): string[] {
  const distinct = new Set<string>();
  for (const r of rows) distinct.add(column.values[r] as string);
  const categories = [...distinct].sort(compareText);
  if (categories.length > MAX_CATEGORIES) {
    throw new ApiError(
      'bad_data',
      `column ${quote(column.name)} has ${categories.length} distinct text values (more than ${MAX_CATEGORIES}); ` +
        `it looks like an id or free text: drop it from the file, or encode it as numbers`,
    );
  }
  return categories;
}

export function encodeLabel(label: Column, rows: Int32Array, task: Task | undefined, rowNumbers: number[]): Pick<ParsedDataset, 'task' | 'y' | 'classes' | 'classCounts'> {
  if (task === 'regression' || (task === undefined && label.kind === 'numeric' && !looksLikeClassIds(label.values, rows))) {
    if (label.kind !== 'numeric') {
      const first = label.values.findIndex((v) => v !== null);
      throw new ApiError('bad_data', `regression needs a numeric label, but column ${quote(label.name)} has ${quote(label.values[first] as string)} in row ${rowNumbers[first]}`);
    }
    return { task: 'regression', y: Float32Array.from(rows, (r) => label.values[r]), classes: [], classCounts: [] };
  }
  // Numeric class labels are canonicalised so '1' and '1.0' are one class.
  const names = Array.from(rows, (r) => String(label.values[r]));
  const encoded = encodeClassLabels(names, label.kind === 'numeric');
  if (encoded.classes.length < 2) {
    throw new ApiError('bad_data', `label column ${quote(label.name)} has only one value (${quote(encoded.classes[0])}); classification needs at least 2 classes`);
  }
  return { task: 'classification', ...encoded };
}

function looksLikeClassIds(values: Float64Array, rows: Int32Array): boolean {
  const distinct = new Set<number>();
  for (const r of rows) {
    const v = values[r];
    if (!Number.isInteger(v)) return false;
    distinct.add(v);
    if (distinct.size > MAX_AUTO_CLASSES) return false;
  }
  return true;
}
