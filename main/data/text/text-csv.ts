/**
 * A CSV with text columns (`--text COL`, repeatable) → a text dataset: the text
 * columns' cells stay strings (texts.json; an empty cell is an empty text, not
 * a missing value), the other feature columns must be numeric (x.f32, missing
 * cells by the usual rule), and the label column is classes or a regression
 * target as for any CSV. Tokenisation happens per run, on the training rows.
 *
 * Refused, naming the column: a text column that is empty in every row, a
 * text column named twice or also the label, a non-numeric feature column (it
 * is either text, to be named with --text, or to be dropped), a feature that
 * gives the label away (leak.ts).
 */
import { ApiError } from '../../api/errors.ts';
import type { DatasetInfo } from '../../api/schemas.ts';
import { MAX_SEQUENCE_LENGTH, MAX_TEXT_CHARS } from '../../limits.ts';
import { encodeLabel, type CsvOptions } from '../csv.ts';
import { readColumn, type NumericColumn } from '../csv-columns.ts';
import { isMissing } from '../csv-cells.ts';
import { readCsvTable } from '../csv-table.ts';
import { findLeak } from '../leak.ts';
import { count, tooLarge } from '../limit-error.ts';
import { handleMissing } from '../missing.ts';
import { quote } from '../quote.ts';
import type { ParsedDataset } from '../types.ts';
import { defaultMaxLength, textStats } from './stats.ts';
import { formatImportWarning } from '../import-warnings.ts';

export type TextCsvOptions = CsvOptions & { text: string[]; maxLength?: number };

/** Refusals about the chosen text columns name that option (details.field) for the UI to show them by it. */
const TEXT_COLUMNS = { field: 'textColumns' };

export function parseTextCsv(csvText: string, opts: TextCsvOptions): ParsedDataset {
  const table = readCsvTable(csvText);
  const { header, rowNumbers } = table;
  const labelName = opts.label || header[header.length - 1];
  const labelIndex = header.indexOf(labelName);
  if (labelIndex < 0) throw new ApiError('bad_data', `label column ${quote(labelName)} not found`, { field: 'label' });
  const textIndex = opts.text.map((name) => {
    const j = header.indexOf(name);
    if (j < 0) throw new ApiError('bad_data', `text column ${quote(name)} not found; columns are: ${header.slice(0, 20).map(quote).join(', ')}`, TEXT_COLUMNS);
    if (j === labelIndex) throw new ApiError('bad_data', `column ${quote(name)} is the label; it cannot also be a text column`, TEXT_COLUMNS);
    return j;
  });
  if (new Set(textIndex).size !== textIndex.length) throw new ApiError('bad_data', 'a text column is named twice', TEXT_COLUMNS);

  const label = readColumn(table, labelIndex, { mixedAsText: opts.task === 'classification' });
  const others = header.map((_, j) => j).filter((j) => j !== labelIndex && !textIndex.includes(j));
  const numeric = others.map((j) => readColumn(table, j));
  const words = numeric.find((c) => c.kind === 'text');
  if (words) {
    throw new ApiError('bad_data', `column ${quote(words.name)} holds words, not numbers: name it as a text column too (--text ${words.name}), or drop it from the file`, TEXT_COLUMNS);
  }
  const missing = handleMissing(numeric, label, opts.missing ?? 'refuse', rowNumbers);
  const rows = missing.keep;
  const numericColumns = missing.features as NumericColumn[];

  let chars = 0;
  const texts = textIndex.map((j) => {
    const values = Array.from(rows, (r) => {
      const cell = table.rows[r][j] ?? '';
      return isMissing(cell) ? '' : cell;
    });
    for (const v of values) chars += v.length;
    if (values.every((v) => v.trim() === '')) {
      throw new ApiError('bad_data', `text column ${quote(header[j])} is empty in every row${rows.length < table.rows.length ? ' that is kept' : ''}: there is nothing to learn from`, TEXT_COLUMNS);
    }
    return values;
  });
  if (chars > MAX_TEXT_CHARS) throw tooLarge('the text columns', count(chars, 'characters'), count(MAX_TEXT_CHARS, 'characters'), 'Cut the texts, or import fewer rows.');

  const width = numericColumns.length;
  const x = new Float32Array(rows.length * width);
  numericColumns.forEach((c, k) => {
    for (let i = 0; i < rows.length; i++) x[i * width + k] = c.values[rows[i]];
  });
  const encoded = encodeLabel(label, rows, opts.task, rowNumbers);
  const kept = Int32Array.from(rows, (_, i) => i);
  const leak = findLeak(numericColumns.map((c, k) => ({ name: c.name, values: Float64Array.from(rows, (_, i) => x[i * width + k]) })), encoded.y, encoded.task, kept, encoded.classes.length);
  if (leak) throw leakError(leak, labelName);
  // A text column is a leak when it is the label itself, spelled out in every row (a few repeated texts are legitimate data).
  const labelText = (i: number) => (encoded.task === 'classification' ? encoded.classes[encoded.y[i]] : String(encoded.y[i])).trim().toLowerCase();
  const copy = texts.findIndex((values) => values.length > 0 && values.every((v, i) => v.trim().toLowerCase() === labelText(i)));
  if (copy >= 0) throw leakError(opts.text[copy], labelName);

  const stats = textStats(texts);
  const maxLength = checkMaxLength(opts.maxLength ?? defaultMaxLength(stats, width + texts.length - 1, MAX_SEQUENCE_LENGTH));
  const info: DatasetInfo = {
    delimiter: table.delimiter,
    missing: missing.info,
    text: { textColumns: opts.text, numericColumns: numericColumns.map((c) => c.name), maxLength, origin: 'csv', stats },
  };
  return {
    ...encoded,
    inputShape: [maxLength],
    x,
    featureNames: [],
    labelName,
    source: 'csv',
    texts: { columns: opts.text, values: texts },
    info,
    warnings: [...missing.warnings, ...emptyWarning(stats.emptyRows, rows.length)],
  };
}

export function leakError(column: string, label: string): ApiError {
  return new ApiError('bad_data', `column ${quote(column)} gives the label ${quote(label)} away (its values determine it exactly): a model would learn nothing it could use on new data; drop the column from the file`);
}

export function checkMaxLength(maxLength: number): number {
  if (!Number.isInteger(maxLength) || maxLength < 1 || maxLength > MAX_SEQUENCE_LENGTH) {
    throw new ApiError('invalid_argument', `maxLength must be a whole number from 1 to ${MAX_SEQUENCE_LENGTH} (MAX_SEQUENCE_LENGTH), got ${maxLength}`, { field: 'maxLength' });
  }
  return maxLength;
}

export function emptyWarning(emptyRows: number, rows: number): string[] {
  return emptyRows > 0 ? [formatImportWarning({ key: 'emptyTexts', params: { empty: emptyRows, rows } })] : [];
}
