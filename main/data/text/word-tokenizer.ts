/**
 * Word-level tokeniser: the vocabulary is the most frequent words of the
 * training texts (after normalisation), up to the vocabulary size less the
 * reserved ids; any other word is [UNK].
 */
import { words, type NormalizeOptions } from './normalize.ts';
import { FIRST_LEARNED_ID, mostFrequent, SPECIAL_TOKENS, UNK_ID } from './vocab.ts';

export type WordModel = { kind: 'word'; vocab: string[] };

export function fitWordModel(texts: Iterable<string>, vocabSize: number, minFrequency: number, opts: NormalizeOptions): WordModel {
  const counts = new Map<string, number>();
  for (const text of texts) for (const w of words(text, opts)) counts.set(w, (counts.get(w) ?? 0) + 1);
  return { kind: 'word', vocab: [...SPECIAL_TOKENS, ...mostFrequent(counts, vocabSize - FIRST_LEARNED_ID, minFrequency)] };
}

/** Encodes already split words; `index` maps a token to its id (built once per model). */
export function encodeWords(ws: string[], index: Map<string, number>): number[] {
  return ws.map((w) => index.get(w) ?? UNK_ID);
}
