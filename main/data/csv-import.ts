/**
 * Which reading of a CSV an import asked for: a table (csv.ts), a text dataset
 * (`textColumns`: text/text-csv.ts) or a windowed time series (`series`:
 * series/series-csv.ts). Paths, uploads and samples all come through here.
 */
import { ApiError } from '../api/errors.ts';
import type { MissingRule, SeriesImport, Task } from '../api/schemas.ts';
import { parseCsvDataset } from './csv.ts';
import { parseSeriesCsv } from './series/series-csv.ts';
import { parseTextCsv } from './text/text-csv.ts';
import type { ParsedDataset } from './types.ts';

export type CsvImportOptions = {
  label?: string;
  task?: Task;
  missing?: MissingRule;
  textColumns?: string[];
  maxLength?: number;
  series?: SeriesImport;
};

export function parseCsvImport(text: string, opts: CsvImportOptions = {}): ParsedDataset {
  const { textColumns, maxLength, series, ...table } = opts;
  if (series) {
    if (textColumns) throw new ApiError('invalid_argument', 'an import is either a text dataset (text columns) or a series, not both');
    if (table.missing !== undefined && table.missing !== 'refuse') throw new ApiError('invalid_argument', 'a series cannot drop or fill missing values (rows are time steps); fill the gaps before importing');
    if (table.task === 'classification' && !table.label) throw new ApiError('invalid_argument', 'sequence classification of a series needs its label column (--label)', { field: 'label' });
    return parseSeriesCsv(text, series.target === undefined ? { ...series, label: table.label } : series);
  }
  if (textColumns) return parseTextCsv(text, { ...table, text: textColumns, maxLength });
  if (maxLength !== undefined) throw new ApiError('invalid_argument', 'maxLength applies to text datasets: name the text columns too');
  return parseCsvDataset(text, table);
}
