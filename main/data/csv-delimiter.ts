/**
 * Which character separates the fields of a CSV: ',', ';' (what Excel writes
 * where the comma is the decimal separator), tab or '|'. papaparse's own guess
 * gives up on files like 'x;y\n1,5;2' (both characters look plausible), so we
 * decide with the rule a person would use: the delimiter splits the header into
 * at least two fields and every sampled row into the same number of fields.
 * Quotes are honoured (papaparse parses each candidate).
 */
import Papa from 'papaparse';

export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/** Records sampled from the top of the file: enough to see a pattern, cheap on any file size. */
const SAMPLE_ROWS = 50;

export function detectDelimiter(text: string): Delimiter {
  let best: { delimiter: Delimiter; fields: number; consistent: number } | null = null;
  for (const delimiter of DELIMITERS) {
    const records = Papa.parse<string[]>(text, { delimiter, preview: SAMPLE_ROWS, skipEmptyLines: 'greedy' }).data;
    if (records.length === 0) continue;
    const fields = records[0].length;
    if (fields < 2) continue;
    const consistent = records.filter((r) => r.length === fields).length / records.length;
    // Fully consistent beats partly consistent; then more fields win; the order of DELIMITERS breaks ties.
    const better = !best || consistent > best.consistent || (consistent === best.consistent && fields > best.fields);
    if (better) best = { delimiter, fields, consistent };
  }
  return best?.delimiter ?? ',';
}
