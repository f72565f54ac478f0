/**
 * Step one of CSV import: text → header + rows of trimmed strings, with every
 * structural problem reported by spreadsheet row number (header = row 1), so a
 * user can find the line in Excel or a text editor's CSV view. Empty cells are
 * kept (as '': missing values are decided column by column, in csv-columns.ts).
 * The text is parsed row by row and refused as soon as it passes MAX_CSV_CELLS,
 * before the cells can exhaust memory.
 */
import Papa from 'papaparse';
import { ApiError } from '../api/errors.ts';
import { MAX_CSV_BYTES, MAX_CSV_CELLS } from '../limits.ts';
import { detectDelimiter, type Delimiter } from './csv-delimiter.ts';
import { bytes, count, tooLarge } from './limit-error.ts';
import { quote } from './quote.ts';

export type CsvTable = {
  header: string[];
  rows: string[][];
  /** Spreadsheet row number of each entry of `rows` (blank lines are skipped but still counted). */
  rowNumbers: number[];
  delimiter: Delimiter;
};

const isBlank = (r: string[]): boolean => r.length === 0 || (r.length === 1 && r[0].trim() === '');

export function readCsvTable(text: string): CsvTable {
  if (text.length > MAX_CSV_BYTES) {
    throw tooLarge('the CSV text', bytes(text.length), bytes(MAX_CSV_BYTES), 'Split the file, or drop columns or rows you do not need.');
  }
  const clean = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (clean.trim() === '') throw new ApiError('bad_data', 'the CSV file is empty');
  checkIsText(clean);
  const delimiter = detectDelimiter(clean);

  // Filled by the step callback (an object, so the compiler does not narrow it to its initial value).
  const state = { header: null as string[] | null, record: 0, cells: 0, failure: null as Error | null };
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  Papa.parse<string[]>(clean, {
    delimiter,
    skipEmptyLines: false,
    step(result, parser) {
      const record = ++state.record;
      try {
        const quoteError = result.errors.find((e) => e.type === 'Quotes');
        if (quoteError) {
          const what = quoteError.code === 'MissingQuotes' ? 'a quoted field is never closed' : 'a quote is malformed';
          throw new ApiError('bad_data', `malformed CSV at row ${record}: ${what}`);
        }
        const fields = result.data;
        if (isBlank(fields)) return;
        if (state.header === null) {
          state.header = readHeader(fields, record);
          return;
        }
        const width = state.header.length;
        if (fields.length !== width) {
          throw new ApiError('bad_data', `row ${record} has ${fields.length} fields but the header has ${width}`);
        }
        state.cells += width;
        if (state.cells > MAX_CSV_CELLS) throw tooManyCells(clean, width);
        rows.push(fields.map((c) => c.trim()));
        rowNumbers.push(record);
      } catch (error) {
        state.failure = error as Error;
        parser.abort();
      }
    },
  });
  if (state.failure) throw state.failure;
  if (state.header === null) throw new ApiError('bad_data', 'the CSV file is empty');
  if (rows.length === 0) throw new ApiError('bad_data', 'the CSV file has a header but no data rows');
  return { header: state.header, rows, rowNumbers, delimiter };
}

/** Text never holds NUL, and holds few other control characters; binary data (decoded as if it were text) does. */
function checkIsText(text: string): void {
  const advice = 'Import a CSV saved as text (UTF-8 is best)';
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    const line = text.slice(0, nul).split('\n').length;
    throw new ApiError('bad_data', `this is not a CSV text file: it holds binary data (a NUL byte on line ${line}). ${advice}`);
  }
  const sample = text.slice(0, 8192);
  // eslint-disable-next-line no-control-regex
  const controls = sample.match(/[\u0001-\u0008\u000b\u000e-\u001f\u007f-\u009f]/g)?.length ?? 0;
  if (controls > 8 && controls > sample.length / 100) {
    throw new ApiError('bad_data', `this is not a CSV text file: it holds binary data (${controls} control characters in its first ${sample.length} characters). ${advice}`);
  }
}

/** The header row's names, trimmed; an empty or repeated name refused with its column. */
export function readHeader(fields: string[], row: number): string[] {
  const header = fields.map((h) => h.trim());
  const seen = new Map<string, number>();
  header.forEach((name, i) => {
    if (name === '') throw new ApiError('bad_data', `column ${i + 1} has an empty name in the header row (row ${row})`);
    const before = seen.get(name);
    if (before !== undefined) throw new ApiError('bad_data', `duplicate column name ${quote(name)} (columns ${before + 1} and ${i + 1})`);
    seen.set(name, i);
  });
  return header;
}

/** The limit error, with the file's size estimated from its line count (it was not parsed to the end). */
function tooManyCells(text: string, columns: number): ApiError {
  let lines = 0;
  for (let p = text.indexOf('\n'); p >= 0; p = text.indexOf('\n', p + 1)) lines++;
  const estimate = Math.max((lines - 1) * columns, MAX_CSV_CELLS + 1);
  return tooLarge(
    `the CSV (about ${Math.max(lines - 1, 0).toLocaleString('en-US')} rows x ${columns} columns)`,
    count(estimate, 'cells'),
    count(MAX_CSV_CELLS, 'cells'),
    'Split the file, or drop columns or rows you do not need.',
  );
}
