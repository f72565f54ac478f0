/** Reads just the header of a CSV in the browser, for the label column picker. */

/** Splits one CSV line, honouring double quotes ("a,b" and "" escapes). */
export function splitCsvLine(line: string, delimiter = ','): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

/** Column names from the first non-empty line (a BOM is dropped); [] when there is none. */
export function parseCsvHeader(text: string): string[] {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const end = text.indexOf('\n', start);
  const first = text.slice(start, end === -1 ? undefined : end).replace(/\r$/, '');
  if (!first.trim()) return [];
  const delimiter = first.includes(',') ? ',' : first.includes(';') ? ';' : first.includes('\t') ? '\t' : ',';
  return splitCsvLine(first, delimiter);
}

const LABEL_NAMES = ['label', 'target', 'class', 'species', 'y', 'diagnosis', 'outcome'];

/** The likely label: a column with a conventional name, else the last one. */
export function guessLabelColumn(columns: readonly string[]): string {
  const byName = columns.find((c) => LABEL_NAMES.includes(c.toLowerCase()));
  return byName ?? columns[columns.length - 1] ?? '';
}

/** "iris.csv" → "iris". */
export function datasetNameFromFile(fileName: string): string {
  return fileName.replace(/\.[^.]+$/, '').trim() || 'dataset';
}
