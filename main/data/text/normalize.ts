/**
 * Text normalisation and pre-tokenisation, shared by every tokeniser so that
 * "what a word is" has one definition: Unicode normalisation (NFKC folds
 * compatibility forms such as ﬁ → fi and full-width digits), optional accent
 * stripping (NFD, then drop combining marks) and lower-casing; then words are
 * runs of letters, marks and digits, and every other visible character
 * (punctuation, symbols) is a word of its own. Whitespace separates and is dropped.
 */
import type { TextOptions } from '../../api/schemas.ts';

export type NormalizeOptions = Pick<TextOptions, 'lowercase' | 'normalize' | 'stripAccents'>;

const COMBINING_MARKS = /\p{M}/gu;
const WORDS = /[\p{L}\p{M}\p{N}]+|[^\s\p{L}\p{M}\p{N}]/gu;

export function normalizeText(text: string, opts: NormalizeOptions): string {
  let out = opts.normalize === 'nfkc' ? text.normalize('NFKC') : text;
  if (opts.stripAccents) out = out.normalize('NFD').replace(COMBINING_MARKS, '');
  if (opts.lowercase) out = out.toLowerCase();
  return out;
}

/** The words of an already normalised text, in order. */
export function splitWords(normalized: string): string[] {
  return normalized.match(WORDS) ?? [];
}

/** normalizeText then splitWords. */
export function words(text: string, opts: NormalizeOptions): string[] {
  return splitWords(normalizeText(text, opts));
}
