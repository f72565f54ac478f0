import { test } from 'node:test';
import assert from 'node:assert/strict';
import { binOf, encodeTextRows, fairShares, fitTextRecipe, NUMERIC_BINS, quantileEdges, TEXT_OPTIONS_DEFAULT } from '../../../../main/data/text/text-recipe.ts';
import { PAD_ID, SEP_ID, UNK_ID } from '../../../../main/data/text/vocab.ts';

test('fair shares: short columns keep all their tokens, long ones split the rest', () => {
  assert.deepEqual(fairShares([2, 50, 50], 20), [2, 9, 9]);
  assert.deepEqual(fairShares([3, 4], 100), [3, 4]);
  assert.deepEqual(fairShares([10], 0), [0]);
});

test('quantile edges and bins', () => {
  const x = Float32Array.from({ length: 80 }, (_, i) => i);
  const edges = quantileEdges(x, 1, 0, Int32Array.from({ length: 80 }, (_, i) => i));
  assert.equal(edges.length, NUMERIC_BINS - 1);
  assert.equal(binOf(edges, -5), 0);
  assert.equal(binOf(edges, 1000), NUMERIC_BINS - 1);
  // A column of two values gets two bins.
  assert.deepEqual(quantileEdges(Float32Array.from([0, 1, 0, 1]), 1, 0, Int32Array.from([0, 1, 2, 3])), [0, 1]);
});

test('rows become [maxLength] ids: bin tokens, columns with [SEP], padding; fitted on training rows only', () => {
  const texts = { columns: ['subject', 'body'], values: [['win money', 'meeting today', 'secret word'], ['click here now', 'see agenda', 'never in training']] };
  const numeric = { names: ['length'], x: Float32Array.from([10, 20, 30]) };
  const train = Int32Array.from([0, 1]);
  const recipe = fitTextRecipe(TEXT_OPTIONS_DEFAULT, 100, 8, texts, numeric, train);
  assert.ok(!recipe.tokenizer.vocab.includes('secret'), 'row 2 is not a training row: its words are not in the vocabulary');
  const ids = encodeTextRows(recipe, texts, numeric);
  assert.equal(ids.length, 3 * 8);
  const row0 = Array.from(ids.subarray(0, 8));
  assert.ok(row0[0] >= recipe.numericBase && row0[0] < recipe.numericBase + NUMERIC_BINS);
  assert.equal(row0[3], SEP_ID);
  assert.deepEqual(row0.slice(7), [PAD_ID]);
  const row2 = Array.from(ids.subarray(16, 24));
  assert.equal(row2[1], UNK_ID);
  assert.equal(row2[0], recipe.numericBase + binOf(recipe.numeric[0].edges, 30));
  // Selected rows encode like the same rows of the whole set.
  assert.deepEqual(encodeTextRows(recipe, texts, numeric, [2]), ids.subarray(16, 24));
});
