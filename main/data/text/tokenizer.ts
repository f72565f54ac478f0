/**
 * The one tokeniser interface: fit a model (word-level or BPE) on training
 * texts, then encode any text to ids with it. A model is plain JSON (its
 * vocabulary, and for BPE its merges, with the options it was fitted with), so
 * it is stored in the run's recipe.json and exported in preprocessing.json.
 */
import { ApiError } from '../../api/errors.ts';
import type { TextOptions, TokenizerModel } from '../../api/schemas.ts';
import { bpeDecode, bpeEncoder, fitBpeModel } from './bpe.ts';
import { words } from './normalize.ts';
import { encodeWords, fitWordModel } from './word-tokenizer.ts';
import { FIRST_LEARNED_ID } from './vocab.ts';

export type Tokenizer = {
  model: TokenizerModel;
  encode(text: string): number[];
  decode(ids: number[]): string;
};

export function fitTokenizer(texts: Iterable<string>, vocabSize: number, options: TextOptions): Tokenizer {
  const fit = options.tokenizer === 'bpe' ? fitBpeModel : fitWordModel;
  const { vocab, ...rest } = fit(texts, vocabSize, options.minFrequency, options);
  // BPE's end-of-word marker is no token of the texts.
  const learned = vocab.length - FIRST_LEARNED_ID - (options.tokenizer === 'bpe' ? 1 : 0);
  if (learned < 2) {
    throw new ApiError(
      'bad_data',
      `the training texts give a vocabulary of ${learned} token(s); a model needs at least 2 distinct tokens to tell texts apart ` +
        '(are the text columns nearly empty, or is minFrequency too high?)',
    );
  }
  return tokenizerFrom({ ...rest, vocab, options } as TokenizerModel);
}

/** A tokeniser from a stored model (recipe.json, preprocessing.json). */
export function tokenizerFrom(model: TokenizerModel): Tokenizer {
  const index = new Map(model.vocab.map((t, i) => [t, i] as const));
  const encodeSplit = model.kind === 'bpe' ? bpeEncoder(model, index) : (ws: string[]) => encodeWords(ws, index);
  return {
    model,
    encode: (text) => encodeSplit(words(text, model.options)),
    decode: (ids) => {
      const tokens = ids.filter((id) => id >= FIRST_LEARNED_ID || id === 1).map((id) => model.vocab[id] ?? '[UNK]');
      return model.kind === 'bpe' ? bpeDecode(tokens) : tokens.join(' ');
    },
  };
}
