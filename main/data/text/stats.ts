/**
 * What the dataset screen shows about a text dataset, computed once at import
 * over all rows with the word-level splitting (no tokeniser is fitted here, so
 * nothing here reaches training): words per row (quantiles and a histogram),
 * distinct words, and the share of word occurrences the k most frequent words
 * cover (how much of the text a vocabulary of k would see).
 */
import type { TextInfo } from '../../api/schemas.ts';
import { words } from './normalize.ts';
import { TEXT_OPTIONS_DEFAULT } from './text-recipe.ts';

const COVERAGE_TOPS = [100, 500, 1000, 2000, 5000, 10000, 20000, 50000];
const HISTOGRAM_BINS = 20;

export function textStats(columns: string[][]): TextInfo['stats'] {
  const rows = columns[0]?.length ?? 0;
  const lengths = new Int32Array(rows);
  const counts = new Map<string, number>();
  let emptyRows = 0;
  for (let r = 0; r < rows; r++) {
    let n = 0;
    for (const column of columns) {
      for (const w of words(column[r], TEXT_OPTIONS_DEFAULT)) {
        counts.set(w, (counts.get(w) ?? 0) + 1);
        n++;
      }
    }
    lengths[r] = n;
    if (n === 0) emptyRows++;
  }
  const sorted = Int32Array.from(lengths).sort();
  const at = (q: number) => (rows === 0 ? 0 : sorted[Math.min(rows - 1, Math.floor(q * rows))]);
  const max = rows === 0 ? 0 : sorted[rows - 1];
  const width = Math.max(1, Math.ceil((max + 1) / HISTOGRAM_BINS));
  const histogram = Array.from({ length: Math.ceil((max + 1) / width) }, (_, k) => ({ upTo: (k + 1) * width - 1, rows: 0 }));
  for (const n of lengths) histogram[Math.floor(n / width)].rows++;
  const frequencies = [...counts.values()].sort((a, b) => b - a);
  const total = frequencies.reduce((a, b) => a + b, 0);
  const coverage: { top: number; share: number }[] = [];
  let covered = 0;
  let k = 0;
  for (const top of COVERAGE_TOPS) {
    while (k < Math.min(top, frequencies.length)) covered += frequencies[k++];
    coverage.push({ top, share: total > 0 ? covered / total : 0 });
    if (top >= frequencies.length) break;
  }
  return { words: { p50: at(0.5), p95: at(0.95), max, histogram }, distinctWords: counts.size, coverage, emptyRows };
}

/** A default maxLength from the words per row: the 95th percentile plus the extra tokens, a multiple of 8, within [8, limit]. */
export function defaultMaxLength(stats: TextInfo['stats'], extraTokens: number, limit: number): number {
  const want = Math.ceil((stats.words.p95 + extraTokens) / 8) * 8;
  return Math.min(limit, Math.max(8, want));
}
