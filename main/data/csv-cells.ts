/**
 * What one CSV cell means: a missing value, a number, a non-finite number, or
 * text. Pure functions, one rule each, so the column reader and the docs agree.
 */

/**
 * Spellings of "no value": the ones pandas' read_csv treats as missing by
 * default (so files written by pandas, R and Excel round-trip), plus '?', the
 * UCI repository's convention. Case-sensitive, as in pandas: 'na' or 'none' in
 * a text column stay categories.
 */
export const MISSING_SPELLINGS: ReadonlySet<string> = new Set([
  '', '#N/A', '#N/A N/A', '#NA', '-1.#IND', '-1.#QNAN', '-NaN', '-nan', '1.#IND', '1.#QNAN',
  '<NA>', 'N/A', 'NA', 'NULL', 'NaN', 'None', 'n/a', 'nan', 'null', '?',
]);

const INFINITY = /^[+-]?(inf|infinity|1\.#inf)$/i;
/** Numbers written with a decimal comma: '1,5', '-0,25', ',5', or integers. No dots, no exponent, no grouping. */
const DECIMAL_COMMA = /^[+-]?(\d+|\d*,\d+)$/;
/** The largest finite float32; anything larger in magnitude becomes ±Infinity in training. */
export const FLOAT32_MAX = 3.4028234663852886e38;

export function isMissing(cell: string): boolean {
  return MISSING_SPELLINGS.has(cell);
}

/** inf, -Infinity, +INF, 1.#INF (Excel/MSVC): a number, but not one a network can train on. */
export function isInfinity(cell: string): boolean {
  return INFINITY.test(cell);
}

/** A cell as a finite number, or null. Stricter than Number(): no '', no 'Infinity', no hex/octal/binary. */
export function parseNumber(cell: string): number | null {
  if (cell === '' || /^[+-]?0[xob]/i.test(cell)) return null;
  const v = Number(cell);
  return Number.isFinite(v) ? v : null;
}

/** True when the cell is written as a decimal-comma number ('1,5') or an integer. */
export function isDecimalCommaNumber(cell: string): boolean {
  return DECIMAL_COMMA.test(cell);
}

/** '1,5' → 1.5. Only for cells that pass isDecimalCommaNumber. */
export function parseDecimalComma(cell: string): number {
  return Number(cell.replace(',', '.'));
}

/** False for finite doubles that round to ±Infinity as float32 (|x| > ~3.4e38). */
export function fitsFloat32(value: number): boolean {
  return Number.isFinite(Math.fround(value));
}
