/**
 * A text run's token ids read back as text (pure): each id through the run's
 * own vocabulary, numeric columns' bin tokens named by their bin, padding
 * (id 0) as ''. Token attributions and attention maps both label positions
 * with these, so a row reads the same in both views.
 */

/** The token at each position: its vocabulary entry, `[bin k]` past the vocabulary, '' for padding. */
export function decodeTokens(ids: ArrayLike<number>, vocab: readonly string[]): string[] {
  return Array.from(ids, (id) => (id === 0 ? '' : id < vocab.length ? vocab[id] : `[bin ${id - vocab.length}]`));
}

/** Positions up to the last real token: the text recipe pads a row at its end (id 0). */
export function unpaddedLength(ids: ArrayLike<number>): number {
  let n = ids.length;
  while (n > 0 && ids[n - 1] === 0) n--;
  return n;
}
