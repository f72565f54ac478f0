/**
 * One encoding for a text ensemble's members: identical recipes are kept as they are; word
 * tokenisers with other vocabularies and bin edges are merged, and every member reads the union
 * ids through its table to exactly the ids its own tokeniser gives (checked on every row); other
 * tokenisers are refused naming the members and the difference.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TextOptions } from '../../../../main/api/schemas.ts';
import { encodingSize, sharedTextRecipe } from '../../../../main/data/text/shared-encoding.ts';
import { encodeTextRows, fitTextRecipe, TEXT_OPTIONS_DEFAULT } from '../../../../main/data/text/text-recipe.ts';

const WORDS = ['parcel', 'late', 'card', 'charged', 'twice', 'refund', 'where', 'is', 'my', 'order', 'address', 'wrong', 'box', 'damaged', 'invoice', 'missing'];
const rows = 120;
const texts = {
  columns: ['subject', 'body'],
  values: [
    Array.from({ length: rows }, (_, i) => `${WORDS[i % 5]} ${WORDS[(i * 3) % 16]}`),
    Array.from({ length: rows }, (_, i) => Array.from({ length: 3 + (i % 9) }, (_, k) => WORDS[(i * 7 + k * k) % 16]).join(' ')),
  ],
};
const numeric = { names: ['amount', 'items'], x: Float32Array.from({ length: rows * 2 }, (_, i) => (i % 2 ? i % 7 : Math.sin(i) * 100)) };
const range = (from: number, to: number) => Int32Array.from({ length: to - from }, (_, i) => from + i);

function fit(vocabSize: number, fitRows: Int32Array, options: TextOptions = TEXT_OPTIONS_DEFAULT) {
  return fitTextRecipe(options, vocabSize, 14, texts, numeric, fitRows);
}

test('word tokenisers with other vocabularies and bin edges share one encoding exactly, row by row', () => {
  const members = [
    { name: 'small', text: fit(24, range(0, 60)) },
    { name: 'large', text: fit(40, range(30, 120)) },
    { name: 'rare words cut', text: fit(40, range(0, 120), { ...TEXT_OPTIONS_DEFAULT, minFrequency: 30 }) },
  ];
  assert.notDeepEqual(members[0].text.tokenizer.vocab, members[1].text.tokenizer.vocab, 'the fixture has different vocabularies');
  assert.notDeepEqual(members[0].text.numeric[0].edges, members[1].text.numeric[0].edges, 'and different bin edges');
  const shared = sharedTextRecipe(members);
  const union = encodeTextRows(shared.recipe, texts, numeric);
  const size = encodingSize(shared.recipe);
  assert.ok(union.every((id) => id >= 0 && id < size));
  members.forEach((m, i) => {
    const table = shared.remaps[i];
    assert.ok(table, `${m.name} reads through a table`);
    const own = encodeTextRows(m.text, texts, numeric);
    const mapped = Float32Array.from(union, (id) => table[id]);
    assert.deepEqual(mapped, own, `${m.name}: the remapped union ids are its own tokeniser's`);
  });
});

test('identical recipes are kept as they are, with no tables', () => {
  const a = fit(30, range(0, 100));
  const shared = sharedTextRecipe([{ name: 'a', text: a }, { name: 'b', text: structuredClone(a) }]);
  assert.deepEqual(shared.recipe, a);
  assert.deepEqual(shared.remaps, [null, null]);
});

test('tokenisers that segment texts differently are refused, naming both members and the difference', () => {
  const word = { name: 'word run', text: fit(30, range(0, 100)) };
  const bpe = (vocab: number) => ({ name: `bpe ${vocab}`, text: fit(vocab, range(0, 100), { ...TEXT_OPTIONS_DEFAULT, tokenizer: 'bpe' }) });
  assert.throws(() => sharedTextRecipe([word, bpe(40)]), { code: 'invalid_argument', message: /'word run' and 'bpe 40' tokenise texts differently \(word and bpe\)/ });
  assert.throws(() => sharedTextRecipe([bpe(40), bpe(60)]), { message: /BPE tokenisers with different merges.*BPE members must share one tokeniser/ });
  const cased = { name: 'cased', text: fit(30, range(0, 100), { ...TEXT_OPTIONS_DEFAULT, lowercase: false }) };
  assert.throws(() => sharedTextRecipe([word, cased]), { message: /'word run' and 'cased' tokenise texts differently \(text options/ });
  const shorter = { name: 'shorter', text: { ...fit(30, range(0, 100)), maxLength: 10 } };
  assert.throws(() => sharedTextRecipe([word, shorter]), { message: /maximum length 14 and 10/ });
});
