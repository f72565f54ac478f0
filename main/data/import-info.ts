/**
 * What an import detected or decided, as short lines for people: the CLI prints
 * them after an import and the dataset page lists them, so both say the same.
 * Pure (the renderer imports it).
 */
import type { DatasetInfo } from '../api/schemas.ts';

const ENCODINGS: Record<string, string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 (with byte-order mark)',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
  'windows-1252': 'Windows-1252 (Latin-1)',
};
const DELIMITERS: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

export function describeImportInfo(info: DatasetInfo | undefined): string[] {
  if (!info) return [];
  const lines: string[] = [];
  if (info.encoding) lines.push(`encoding: ${ENCODINGS[info.encoding] ?? info.encoding}${info.compression ? `, ${info.compression}-compressed` : ''}`);
  if (info.delimiter) lines.push(`fields separated by: ${DELIMITERS[info.delimiter] ?? JSON.stringify(info.delimiter)}`);
  if (info.decimalComma?.length) lines.push(`decimal comma ('1,5' = 1.5) in: ${info.decimalComma.join(', ')}`);
  const m = info.missing;
  if (m) {
    const done = m.rowsDropped || m.cellsFilled
      ? [m.rowsDropped ? `${m.rowsDropped} row${m.rowsDropped === 1 ? '' : 's'} dropped` : '', m.cellsFilled ? `${m.cellsFilled} cell${m.cellsFilled === 1 ? '' : 's'} filled` : '']
          .filter(Boolean)
          .join(', ')
      : 'none found';
    lines.push(`missing values: ${m.rule} (${done})`);
  }
  return lines;
}
