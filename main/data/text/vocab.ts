/**
 * The reserved ids every tokeniser shares. 0 is padding (the embedding masks
 * it), 1 stands for anything out of the vocabulary, 2 separates the text
 * columns of one row. Learned tokens start at FIRST_LEARNED_ID.
 */
export const PAD_ID = 0;
export const UNK_ID = 1;
export const SEP_ID = 2;
export const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[SEP]'] as const;
export const FIRST_LEARNED_ID = SPECIAL_TOKENS.length;

/**
 * The most frequent keys of `counts`, at most `limit`, ties broken by code
 * point so a vocabulary never depends on the order rows were read in.
 */
export function mostFrequent(counts: Map<string, number>, limit: number, minFrequency: number): string[] {
  const kept = [...counts].filter(([, n]) => n >= minFrequency);
  kept.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return kept.slice(0, Math.max(0, limit)).map(([token]) => token);
}
