/**
 * A text dataset's per-run preprocessing: fit a tokeniser and the numeric
 * columns' bin edges on the training rows only, then turn every row into
 * maxLength token ids (layout in schemas.ts TextRecipe). Numeric columns become
 * one bin token each, so every sequence model (attention, recurrent,
 * convolutional) sees them through the same embedding as the words.
 */
import { ApiError } from '../../api/errors.ts';
import type { TextOptions, TextRecipe } from '../../api/schemas.ts';
import type { TextColumns } from '../types.ts';
import { fitTokenizer, tokenizerFrom, type Tokenizer } from './tokenizer.ts';
import { PAD_ID, SEP_ID } from './vocab.ts';

/** Numeric columns of a text dataset: x.f32 as [rows, names.length]. */
export type NumericColumns = { names: string[]; x: Float32Array };

/** Quantile bins per numeric column. */
export const NUMERIC_BINS = 8;

export const TEXT_OPTIONS_DEFAULT: TextOptions = { tokenizer: 'word', lowercase: true, normalize: 'nfkc', stripAccents: false, minFrequency: 1 };

export function fitTextRecipe(
  options: TextOptions,
  vocabSize: number,
  maxLength: number,
  texts: TextColumns,
  numeric: NumericColumns,
  rows: Int32Array,
): TextRecipe {
  const binTokens = numeric.names.length * NUMERIC_BINS;
  const room = vocabSize - binTokens;
  if (room < 8) {
    throw new ApiError('invalid_argument', `a vocabulary of ${vocabSize} leaves no room for words after the ${binTokens} bin tokens of ${numeric.names.length} numeric column(s); raise the embedding's vocabSize`);
  }
  const training = function* (): Generator<string> {
    for (const column of texts.values) for (const r of rows) yield column[r];
  };
  const tokenizer = fitTokenizer(training(), room, options);
  const edges = numeric.names.map((name, c) => ({ name, edges: quantileEdges(numeric.x, numeric.names.length, c, rows) }));
  return { tokenizer: tokenizer.model, maxLength, textColumns: texts.columns, numeric: edges, numericBase: tokenizer.model.vocab.length, bins: NUMERIC_BINS };
}

/** Token ids [rows.length, maxLength] of the given rows (all rows when absent). */
export function encodeTextRows(recipe: TextRecipe, texts: TextColumns, numeric: NumericColumns, rows?: ArrayLike<number>): Float32Array {
  const tokenizer = tokenizerFrom(recipe.tokenizer);
  const n = rows ? rows.length : (texts.values[0]?.length ?? numeric.x.length / Math.max(1, numeric.names.length));
  const out = new Float32Array(n * recipe.maxLength);
  for (let i = 0; i < n; i++) {
    const r = rows ? (rows[i] as number) : i;
    const ids = encodeRow(recipe, tokenizer, texts.values.map((column) => column[r]), Array.from(recipe.numeric, (_, c) => numeric.x[r * recipe.numeric.length + c]));
    out.set(ids, i * recipe.maxLength);
  }
  return out;
}

/** One row's ids: bin tokens, then the text columns (fair shares, [SEP] between), then padding. */
export function encodeRow(recipe: TextRecipe, tokenizer: Tokenizer, columnTexts: string[], numericValues: number[]): number[] {
  const ids: number[] = [];
  recipe.numeric.forEach((col, c) => ids.push(recipe.numericBase + c * recipe.bins + binOf(col.edges, numericValues[c])));
  const encoded = columnTexts.map((t) => tokenizer.encode(t));
  const seps = Math.max(0, encoded.length - 1);
  const shares = fairShares(encoded.map((e) => e.length), Math.max(0, recipe.maxLength - ids.length - seps));
  encoded.forEach((e, k) => {
    if (k > 0) ids.push(SEP_ID);
    for (let j = 0; j < shares[k]; j++) ids.push(e[j]);
  });
  const out = ids.slice(0, recipe.maxLength);
  while (out.length < recipe.maxLength) out.push(PAD_ID);
  return out;
}

/** Splits `room` tokens among columns of the given lengths: short columns keep everything, long ones share the rest evenly. */
export function fairShares(lengths: number[], room: number): number[] {
  const shares = new Array<number>(lengths.length).fill(0);
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[a] - lengths[b] || a - b);
  let left = room;
  order.forEach((i, k) => {
    const share = Math.min(lengths[i], Math.floor(left / (order.length - k)));
    shares[i] = share;
    left -= share;
  });
  return shares;
}

/** Up to NUMERIC_BINS - 1 inner edges at the training rows' quantiles (duplicates removed: a column of few values gets fewer bins). */
export function quantileEdges(x: Float32Array, width: number, column: number, rows: Int32Array): number[] {
  const values = Float64Array.from(rows, (r) => x[r * width + column]).sort();
  const edges: number[] = [];
  for (let k = 1; k < NUMERIC_BINS; k++) {
    const v = values[Math.min(values.length - 1, Math.floor((k * values.length) / NUMERIC_BINS))];
    if (v !== undefined && (edges.length === 0 || v > edges[edges.length - 1])) edges.push(v);
  }
  return edges;
}

/** Bin index: the number of edges ≤ v (0 … edges.length). */
export function binOf(edges: number[], v: number): number {
  let k = 0;
  while (k < edges.length && v >= edges[k]) k++;
  return k;
}
