import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../../../main/api/errors.ts';
import type { TextOptions } from '../../../../main/api/schemas.ts';
import { fitTokenizer, tokenizerFrom } from '../../../../main/data/text/tokenizer.ts';
import { normalizeText, words } from '../../../../main/data/text/normalize.ts';
import { PAD_ID, UNK_ID } from '../../../../main/data/text/vocab.ts';

const WORD: TextOptions = { tokenizer: 'word', lowercase: true, normalize: 'nfkc', stripAccents: false, minFrequency: 1 };
const BPE: TextOptions = { ...WORD, tokenizer: 'bpe' };

const TRAIN = [
  'The cat sat on the mat.',
  'The dog sat on the log!',
  'Cats and dogs are friends; the cats nap.',
  'A lower-case sentence about sitting, mats and logs.',
];

test('normalisation: NFKC, accents, lower case; words and punctuation split', () => {
  assert.equal(normalizeText('ﬁne Ｃafé', { lowercase: true, normalize: 'nfkc', stripAccents: true }), 'fine cafe');
  assert.equal(normalizeText('Café', { lowercase: false, normalize: 'none', stripAccents: false }), 'Café');
  assert.deepEqual(words("Don't stop—now!", { lowercase: true, normalize: 'nfkc', stripAccents: false }), ['don', "'", 't', 'stop', '—', 'now', '!']);
});

test('word tokeniser: the vocabulary comes from the fitted texts only; other words are [UNK]', () => {
  const tok = fitTokenizer(TRAIN, 1000, WORD);
  const ids = tok.encode('the zebra sat');
  assert.equal(ids[1], UNK_ID, 'a word seen only outside the training texts is unknown');
  assert.notEqual(ids[0], UNK_ID);
  assert.equal(tok.decode(tok.encode('The cat sat on the mat.')), 'the cat sat on the mat .');
  assert.ok(!ids.includes(PAD_ID));
});

test('word tokeniser: vocabSize bounds the vocabulary, most frequent words first, ties by code point', () => {
  const tok = fitTokenizer(TRAIN, 6, WORD);
  assert.equal(tok.model.vocab.length, 6);
  assert.deepEqual(tok.model.vocab.slice(3), ['the', '.', 'and']); // 'the' ×5, then '.', 'and', 'cats', 'on'… ×2 in code-point order
});

test('fitting does not depend on the order of the rows', () => {
  for (const options of [WORD, BPE]) {
    const a = fitTokenizer(TRAIN, 60, options).model;
    const b = fitTokenizer([...TRAIN].reverse(), 60, options).model;
    assert.deepEqual(a, b);
  }
});

test('BPE: round trip of seen text, unseen words split into known pieces, unseen characters [UNK]', () => {
  const tok = fitTokenizer(TRAIN, 60, BPE);
  assert.ok(tok.model.vocab.length <= 60);
  assert.ok(tok.model.kind === 'bpe' && tok.model.merges.length > 10);
  assert.equal(tok.model.kind, 'bpe');
  const text = 'the cats sat on the logs .';
  assert.equal(tok.decode(tok.encode(text)), text);
  const unseen = tok.encode('catnap');
  assert.ok(!unseen.includes(UNK_ID), 'a new word made of known characters has no unknown piece');
  assert.ok(unseen.length >= 2);
  assert.equal(tok.decode(unseen), 'catnap');
  assert.ok(tok.encode('ж').includes(UNK_ID));
  // Frequent words become single tokens.
  assert.equal(tok.encode('the').length, 1);
});

test('a stored model encodes exactly like the fitted one (JSON round trip)', () => {
  for (const options of [WORD, BPE]) {
    const tok = fitTokenizer(TRAIN, 50, options);
    const again = tokenizerFrom(JSON.parse(JSON.stringify(tok.model)));
    for (const t of [...TRAIN, 'unseen words, zebra!']) assert.deepEqual(again.encode(t), tok.encode(t));
  }
});

test('texts that give one token are refused with a clear error', () => {
  assert.throws(
    () => fitTokenizer(['ok', 'ok', 'OK'], 100, WORD),
    (e: unknown) => e instanceof ApiError && e.code === 'bad_data' && /vocabulary of 1 token/.test(e.message),
  );
  assert.throws(() => fitTokenizer(['', '  '], 100, BPE), (e: unknown) => e instanceof ApiError && /vocabulary of 0 token/.test(e.message));
});
