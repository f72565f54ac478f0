/**
 * Step two of CSV import: one column of cells → a numeric or a text column,
 * with its missing cells marked, never a silently changed value:
 * - missing spellings (csv-cells.ts) are missing, so 'NA' keeps a column numeric;
 * - 'inf' and numbers beyond float32's range are errors naming column, row and value;
 * - in a ';'-separated file, a column whose every number has one decimal comma
 *   and no dot ('1,5') is read as numbers (the European Excel export);
 * - a mostly numeric column with a few words in it is a typo, not categories.
 */
import { ApiError } from '../api/errors.ts';
import { fitsFloat32, isDecimalCommaNumber, isInfinity, isMissing, parseDecimalComma, parseNumber } from './csv-cells.ts';
import type { CsvTable } from './csv-table.ts';
import { quote } from './quote.ts';

export type NumericColumn = {
  kind: 'numeric';
  index: number;
  name: string;
  /** NaN marks a missing cell (a NaN spelled in the file is a missing value too). */
  values: Float64Array;
  missing: number;
  decimalComma: boolean;
};
export type TextColumn = {
  kind: 'text';
  index: number;
  name: string;
  /** null marks a missing cell. */
  values: (string | null)[];
  missing: number;
};
export type Column = NumericColumn | TextColumn;

/** `mixedAsText`: a mostly numeric column with words in it is text, not a typo (a label the user said is classes). */
export function readColumn(table: CsvTable, j: number, opts: { mixedAsText?: boolean } = {}): Column {
  const { header, rows, rowNumbers } = table;
  const name = header[j];
  const decimalComma = table.delimiter === ';' && usesDecimalComma(rows, j);
  const values = new Float64Array(rows.length);
  let missing = 0;
  let text = 0;
  let firstText = -1;
  let firstInfinity = -1;
  let firstOverflow = -1;
  for (let i = 0; i < rows.length; i++) {
    const cell = rows[i][j];
    if (isMissing(cell)) {
      values[i] = Number.NaN;
      missing++;
      continue;
    }
    const v = decimalComma ? parseDecimalComma(cell) : parseNumber(cell);
    if (v !== null && Number.isFinite(v)) {
      values[i] = v;
      if (firstOverflow < 0 && !fitsFloat32(v)) firstOverflow = i;
    } else if (isInfinity(cell)) {
      if (firstInfinity < 0) firstInfinity = i;
    } else {
      text++;
      if (firstText < 0) firstText = i;
    }
  }
  const present = rows.length - missing;
  if (present === 0) {
    throw new ApiError('bad_data', `column ${quote(name)} has no values: all ${rows.length} of its cells are empty or missing; drop it from the file`);
  }
  const at = (i: number) => `${quote(rows[i][j])} in row ${rowNumbers[i]}`;
  if (text === 0 || (!opts.mixedAsText && (present - text) * 2 > present)) {
    // A numeric column: every problem in it is an error, never a silent change.
    if (text > 0) {
      throw new ApiError('bad_data', `column ${quote(name)} is numeric but row ${rowNumbers[firstText]} has ${quote(rows[firstText][j])}: fix that cell, or leave it empty to mark it missing`);
    }
    if (firstInfinity >= 0) {
      throw new ApiError('bad_data', `column ${quote(name)} has ${at(firstInfinity)}, which is not a finite number: replace it with a number, or leave the cell empty to mark it missing`);
    }
    if (firstOverflow >= 0) {
      throw new ApiError(
        'bad_data',
        `column ${quote(name)} has ${at(firstOverflow)}, beyond the range of the 32-bit floats used for training (±3.4e38): rescale the column (e.g. other units) before importing`,
      );
    }
    return { kind: 'numeric', index: j, name, values, missing, decimalComma };
  }
  return { kind: 'text', index: j, name, values: rows.map((r) => (isMissing(r[j]) ? null : r[j])), missing };
}

/** Every present cell is a decimal-comma number or an integer, and at least one has the comma. */
function usesDecimalComma(rows: string[][], j: number): boolean {
  let comma = false;
  for (const r of rows) {
    const cell = r[j];
    if (isMissing(cell)) continue;
    if (!isDecimalCommaNumber(cell)) return false;
    if (!comma && cell.includes(',')) comma = true;
  }
  return comma;
}
