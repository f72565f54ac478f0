/**
 * Step one of CSV import: text → header + rows of trimmed strings, with every
 * structural problem reported by spreadsheet row number (header = row 1), so a
 * user can find the line in Excel or a text editor's CSV view.
 */
import Papa from 'papaparse';
import { ApiError } from '../api/errors.ts';

export type CsvTable = {
  header: string[];
  rows: string[][];
  /** Spreadsheet row number of each entry of `rows` (blank lines are skipped but still counted). */
  rowNumbers: number[];
};

export function readCsvTable(text: string): CsvTable {
  const clean = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (clean.trim() === '') throw new ApiError('bad_data', 'the CSV file is empty');
  const parsed = Papa.parse<string[]>(clean, { skipEmptyLines: false });
  // A delimiter that cannot be guessed is not fatal (papaparse falls back to ','); quote errors are.
  const quoteError = parsed.errors.find((e) => e.type === 'Quotes');
  if (quoteError) {
    const row = (quoteError.row ?? 0) + 1;
    const what = quoteError.code === 'MissingQuotes' ? 'a quoted field is never closed' : 'a quote is malformed';
    throw new ApiError('bad_data', `malformed CSV at row ${row}: ${what} (${quoteError.message})`);
  }
  const records = parsed.data;
  const isBlank = (r: string[]): boolean => r.length === 0 || (r.length === 1 && r[0].trim() === '');
  let start = 0;
  while (start < records.length && isBlank(records[start])) start++;
  if (start >= records.length) throw new ApiError('bad_data', 'the CSV file is empty');

  const header = records[start].map((h) => h.trim());
  const headerRow = start + 1;
  const seen = new Map<string, number>();
  header.forEach((name, i) => {
    if (name === '') throw new ApiError('bad_data', `column ${i + 1} has an empty name in the header row (row ${headerRow})`);
    const before = seen.get(name);
    if (before !== undefined) {
      throw new ApiError('bad_data', `duplicate column name '${name}' (columns ${before + 1} and ${i + 1})`);
    }
    seen.set(name, i);
  });

  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  for (let r = start + 1; r < records.length; r++) {
    const record = records[r];
    if (isBlank(record)) continue;
    const rowNumber = r + 1;
    if (record.length !== header.length) {
      throw new ApiError('bad_data', `row ${rowNumber} has ${record.length} fields but the header has ${header.length}`);
    }
    const cells = record.map((c) => c.trim());
    const empty = cells.indexOf('');
    if (empty >= 0) throw new ApiError('bad_data', `row ${rowNumber} has an empty cell in column '${header[empty]}'`);
    rows.push(cells);
    rowNumbers.push(rowNumber);
  }
  if (rows.length === 0) throw new ApiError('bad_data', 'the CSV file has a header but no data rows');
  return { header, rows, rowNumbers };
}

/** A cell as a finite number, or null. Stricter than Number(): no '', no 'Infinity', no hex. */
export function parseNumber(cell: string): number | null {
  if (cell === '' || /^[+-]?0[xob]/i.test(cell)) return null;
  const v = Number(cell);
  return Number.isFinite(v) ? v : null;
}
