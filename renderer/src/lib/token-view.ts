/**
 * A text run's explanation as highlighted text (pure, tested in test/renderer/lib):
 * each explained row's tokens in order, padding dropped, each on a background
 * from one diverging scale shared by all rows (red raises the explained output,
 * blue lowers it, white is none), with the text colour that reads best on it
 * (WCAG contrast ≥ 4.5 everywhere on the scale), a sign mark so colour is not the
 * only cue, and the value in words for a title and screen readers.
 */
import { END_OF_WORD } from '../../../main/data/text/bpe.ts';
import type { ExplainedRow } from '../../../main/explain/request.ts';
import { t } from '../i18n/index.ts';
import { formatNumber } from './format.ts';

export type TokenEffect = 'raises' | 'lowers' | 'none';

export type TokenChip = {
  /** The token's position in the row (0-based): attributions and attention maps are per position. */
  position: number;
  text: string;
  /** A space follows (word tokens; sub-word tokens glue to the next one until a word ends). */
  space: boolean;
  /** [UNK], [SEP], a numeric column's bin: shown apart from words. */
  special: boolean;
  value: number;
  effect: TokenEffect;
  background: string;
  color: string;
  /** The sign as a glyph beside the token ('+', '−', ''). */
  mark: string;
  label: string;
};

export type LegendStop = { value: number; background: string; color: string; label: string };

type Rgb = [number, number, number];
const WHITE: Rgb = [255, 255, 255];
const BLACK: Rgb = [0, 0, 0];
/** The saliency map's colours (charts/explain-saliency.ts): red raises, blue lowers. */
const RAISES: Rgb = [220, 38, 38];
const LOWERS: Rgb = [37, 99, 235];

const hex = (c: Rgb) => `#${c.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
const mix = (a: Rgb, b: Rgb, share: number): Rgb => [0, 1, 2].map((i) => a[i] + (b[i] - a[i]) * share) as Rgb;

/** WCAG 2 relative luminance of an sRGB colour. */
function luminance(c: Rgb): number {
  const [r, g, b] = c.map((v) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two colours given as #rrggbb. */
export function contrastRatio(a: string, b: string): number {
  const parse = (h: string): Rgb => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)) as Rgb;
  const [hi, lo] = [luminance(parse(a)), luminance(parse(b))].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** A value's background on the scale ±bound, and black or white text, whichever contrasts more. */
export function tokenColors(value: number, bound: number): { background: string; color: string } {
  const share = bound > 0 ? Math.min(1, Math.abs(value) / bound) : 0;
  const background = hex(mix(WHITE, value >= 0 ? RAISES : LOWERS, share));
  const color = contrastRatio(background, hex(BLACK)) >= contrastRatio(background, hex(WHITE)) ? hex(BLACK) : hex(WHITE);
  return { background, color };
}

/** The scale's bound: the largest |attribution| of all rows, so rows compare on one scale. */
export function attributionBound(rows: readonly Pick<ExplainedRow, 'attributions'>[]): number {
  let bound = 0;
  for (const r of rows) for (const a of r.attributions) bound = Math.max(bound, Math.abs(a));
  return bound;
}

const effectOf = (value: number): TokenEffect => (value > 0 ? 'raises' : value < 0 ? 'lowers' : 'none');
const signed = (v: number) => (v > 0 ? `+${formatNumber(v)}` : v < 0 ? `−${formatNumber(-v)}` : '0');
const isSpecial = (token: string) => /^\[[^\]]+\]$/.test(token);

/** A token as people read it: a byte-pair token's end-of-word marker becomes the space after it. */
export function tokenText(token: string): { text: string; wordEnd: boolean } {
  return token.endsWith(END_OF_WORD) ? { text: token.slice(0, -END_OF_WORD.length), wordEnd: true } : { text: token, wordEnd: false };
}

/** How a value moves the explained output, in words: 'raises P(spam) by 0.12'. */
export function effectText(value: number, output: string): string {
  const effect = effectOf(value);
  return effect === 'none' ? t('explain.tokens.none', { output }) : t(`explain.tokens.${effect}`, { output, value: formatNumber(Math.abs(value)) });
}

/**
 * One row's tokens as chips. Padding ('' tokens) is dropped; a row of byte-pair
 * tokens (some end a word) puts spaces only where words end, a row of words between all.
 */
export function tokenChips(row: Pick<ExplainedRow, 'tokens' | 'attributions'>, bound: number, output: string): TokenChip[] {
  const tokens = row.tokens ?? [];
  const subWords = tokens.some((tok) => tok.endsWith(END_OF_WORD));
  const chips: TokenChip[] = [];
  tokens.forEach((token, position) => {
    if (token === '') return;
    const value = row.attributions[position] ?? 0;
    const { text, wordEnd } = tokenText(token);
    const shown = text === '' ? '␣' : text;
    chips.push({
      position, text: shown, space: !subWords || wordEnd, special: isSpecial(token), value, effect: effectOf(value),
      ...tokenColors(value, bound),
      mark: value > 0 ? '+' : value < 0 ? '−' : '',
      label: t('explain.tokens.chip', { token: shown, position: position + 1, value: signed(value), effect: effectText(value, output) }),
    });
  });
  return chips;
}

/** Five stops of the scale, −bound to +bound, each with its value and what it means. */
export function tokenLegend(bound: number, output: string): LegendStop[] {
  return [-1, -0.5, 0, 0.5, 1].map((k) => {
    const value = k * bound;
    return { value, ...tokenColors(value, bound), label: `${signed(value)}: ${effectText(value, output)}` };
  });
}

/** The line under a row: prediction, the base (the all-padding text's output) and their difference, which the attributions add up to. */
export function tokenRowSummary(row: Pick<ExplainedRow, 'prediction' | 'base' | 'attributions'>, output: string): string {
  const sum = row.attributions.reduce((a, b) => a + b, 0);
  return t('explain.tokens.summary', { output, prediction: formatNumber(row.prediction), base: formatNumber(row.base), sum: signed(sum) });
}

/** Whether an explanation's rows carry tokens (a text run's). */
export const hasTokens = (rows: readonly Pick<ExplainedRow, 'tokens'>[]): boolean => rows.some((r) => r.tokens !== undefined);
