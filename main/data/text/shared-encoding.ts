/**
 * One token encoding for the members of a text ensemble. Every text run fits
 * its own tokeniser (main/data/text/text-recipe.ts), and a merged ensemble has
 * one input, so the members' encodings must become one:
 *
 * - identical recipes (members trained on the same rows with the same text
 *   options and vocabulary size, as an ensemble's own members are): the
 *   ensemble takes those ids as they are;
 * - word-level tokenisers that differ only in their vocabulary (another
 *   vocabulary size or minimum frequency, other training rows) and in the
 *   numeric columns' bin edges: the ensemble's recipe is their union (every
 *   member's words; every member's bin edges, sorted), and each member reads
 *   the union ids through a table to its own ids (model/layers/token-remap.ts).
 *   This is exact: a word tokeniser gives one id per word, so the union
 *   encoding has the same positions as each member's, a word the member does
 *   not know maps to its [UNK], and the union's bins refine every member's
 *   (each union bin lies inside exactly one bin of the member);
 * - anything else (BPE tokenisers with other merges, other normalisation,
 *   maximum length, text or numeric columns) segments texts differently, so no
 *   table maps one encoding to another: refused, naming the two members and
 *   what differs.
 *
 * Pure: recipes in, the shared recipe and per-member tables out.
 */
import { ApiError } from '../../api/errors.ts';
import type { PreprocessRecipe, TextRecipe } from '../../api/schemas.ts';
import { binOf, NUMERIC_BINS } from './text-recipe.ts';
import { FIRST_LEARNED_ID, UNK_ID } from './vocab.ts';

export type SharedText = {
  recipe: TextRecipe;
  /** Per member: union id → the member's id (float32, as ids travel), or null when the member's recipe is the shared one. */
  remaps: (Float32Array | null)[];
};

export type NamedTextRecipe = { name: string; text: TextRecipe };

/** The shared encoding of members given with their recipes, or null when none of them reads texts. */
export function sharedTextOf(members: { name: string; recipe: PreprocessRecipe | null }[]): SharedText | null {
  const texts = members.filter((m) => m.recipe?.text);
  if (texts.length === 0) return null;
  if (texts.length !== members.length) throw new ApiError('invalid_argument', 'some members read texts and others numbers; an ensemble\'s members share one dataset');
  return sharedTextRecipe(members.map((m) => ({ name: m.name, text: m.recipe!.text! })));
}

export function sharedTextRecipe(members: NamedTextRecipe[]): SharedText {
  if (members.length === 0) throw new ApiError('invalid_argument', 'no text members to share a tokeniser');
  const [first] = members;
  const key = JSON.stringify(first.text);
  if (members.every((m) => JSON.stringify(m.text) === key)) return { recipe: first.text, remaps: members.map(() => null) };
  for (const m of members.slice(1)) checkMergeable(first, m);
  const recipe = unionRecipe(members.map((m) => m.text));
  return { recipe, remaps: members.map((m) => (JSON.stringify(m.text) === JSON.stringify(recipe) ? null : remapTable(recipe, m.text))) };
}

/** What must agree for a table to map one encoding onto the other; throws naming the members and the difference. */
function checkMergeable(a: NamedTextRecipe, b: NamedTextRecipe): void {
  const differ = (what: string) => {
    throw new ApiError(
      'invalid_argument',
      `'${a.name}' and '${b.name}' tokenise texts differently (${what}); an ensemble's text members need one tokeniser kind, the same text options, ` +
        'maximum length and columns. Word tokenisers may differ in vocabulary (size, minimum frequency); BPE members must share one tokeniser (train them with the same vocabulary size and text options)',
    );
  };
  const [x, y] = [a.text, b.text];
  if (x.tokenizer.kind !== y.tokenizer.kind) differ(`${x.tokenizer.kind} and ${y.tokenizer.kind}`);
  if (x.tokenizer.kind === 'bpe') differ('BPE tokenisers with different merges or vocabularies');
  const { minFrequency: _a, ...ox } = x.tokenizer.options;
  const { minFrequency: _b, ...oy } = y.tokenizer.options;
  if (JSON.stringify(ox) !== JSON.stringify(oy)) differ(`text options ${JSON.stringify(ox)} and ${JSON.stringify(oy)}`);
  if (x.maxLength !== y.maxLength) differ(`maximum length ${x.maxLength} and ${y.maxLength}`);
  if (x.textColumns.join('\u0000') !== y.textColumns.join('\u0000')) differ(`text columns ${x.textColumns.join(', ')} and ${y.textColumns.join(', ')}`);
  const names = (r: TextRecipe) => r.numeric.map((n) => n.name).join('\u0000');
  if (names(x) !== names(y)) differ('other numeric columns');
}

/** Every member's words (first member's order, then each new word as it first appears) and every member's bin edges. */
function unionRecipe(recipes: TextRecipe[]): TextRecipe {
  const first = recipes[0];
  const vocab = first.tokenizer.vocab.slice(0, FIRST_LEARNED_ID);
  const seen = new Set<string>();
  for (const r of recipes) {
    for (const token of r.tokenizer.vocab.slice(FIRST_LEARNED_ID)) {
      if (!seen.has(token)) {
        seen.add(token);
        vocab.push(token);
      }
    }
  }
  const numeric = first.numeric.map((col, c) => ({
    name: col.name,
    edges: [...new Set(recipes.flatMap((r) => r.numeric[c].edges))].sort((p, q) => p - q),
  }));
  const bins = Math.max(NUMERIC_BINS, ...numeric.map((n) => n.edges.length + 1));
  return { ...first, tokenizer: { ...first.tokenizer, vocab }, numeric, numericBase: vocab.length, bins };
}

/** The ids a union encoding can hold: the vocabulary, then one block of `bins` per numeric column. */
export const encodingSize = (r: TextRecipe): number => r.numericBase + r.numeric.length * r.bins;

/** union id → member id: special tokens as they are, words by their text ([UNK] when the member lacks one), bins by their range. */
export function remapTable(union: TextRecipe, member: TextRecipe): Float32Array {
  const table = new Float32Array(encodingSize(union)).fill(UNK_ID);
  const index = new Map(member.tokenizer.vocab.map((t, i) => [t, i] as const));
  for (let id = 0; id < union.tokenizer.vocab.length; id++) {
    table[id] = id < FIRST_LEARNED_ID ? id : (index.get(union.tokenizer.vocab[id]) ?? UNK_ID);
  }
  union.numeric.forEach((col, c) => {
    const own = member.numeric[c].edges;
    // Union bin j holds values in [edges[j−1], edges[j]): the member's bin is its number of edges ≤ edges[j−1].
    for (let j = 0; j <= col.edges.length; j++) {
      table[union.numericBase + c * union.bins + j] = member.numericBase + c * member.bins + (j === 0 ? 0 : binOf(own, col.edges[j - 1]));
    }
  });
  return table;
}

/**
 * A text student distilling from a teacher with another tokeniser (a run with another vocabulary
 * size, an ensemble's shared encoding): the table from the student's ids to the teacher's, or
 * null when they are the same. Exact only when the student's encoding holds everything the
 * teacher's does (every teacher word and bin edge), so the teacher sees what its own tokeniser
 * gives; otherwise refused, since the teacher would read [UNK] for words it knows.
 */
export function teacherTable(student: TextRecipe, teacher: TextRecipe | null): Float32Array | null {
  if (!teacher) throw new ApiError('invalid_argument', 'the student reads texts but the teacher does not; distil from a model of the same text dataset');
  if (JSON.stringify(student) === JSON.stringify(teacher)) return null;
  checkMergeable({ name: 'the student', text: student }, { name: 'the teacher', text: teacher });
  const known = new Set(student.tokenizer.vocab);
  const missing = teacher.tokenizer.vocab.filter((w) => !known.has(w));
  const edgesMissing = teacher.numeric.some((col, c) => col.edges.some((e) => !student.numeric[c].edges.includes(e)));
  if (missing.length > 0 || edgesMissing) {
    throw new ApiError(
      'invalid_argument',
      `the teacher's tokeniser knows ${missing.length > 0 ? `${missing.length} word(s) the student's lacks (such as '${missing[0]}')` : 'numeric bins the student\'s lacks'}; ` +
        `give the student's embedding a vocabSize of at least the teacher's (${encodingSize(teacher)}) so the teacher sees its own tokens`,
    );
  }
  return remapTable(student, teacher);
}
