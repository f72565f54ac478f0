/**
 * A run's inputs from the dataset's stored arrays, fitted on the training rows
 * only: the scaling recipe for tables, images and series (preprocess.ts), or
 * for text datasets the tokeniser and numeric bins (text/text-recipe.ts) with
 * the identity scaling. The trainer calls prepareInputs once per run; whoever
 * later feeds the run's model raw rows (explanations, exports' checks) calls
 * applyInputs with the stored recipe, so both go through the same code.
 */
import { ApiError } from '../api/errors.ts';
import type { DatasetMeta, HyperParams, Layer, ModelSpec, PreprocessRecipe, TextRecipe } from '../api/schemas.ts';
import { applyRecipe, fitRecipe } from './preprocess.ts';
import { encodeTextRows, fitTextRecipe, TEXT_OPTIONS_DEFAULT } from './text/text-recipe.ts';
import type { DatasetTensors } from './types.ts';

export type PreparedInputs = { recipe: PreprocessRecipe; x: Float32Array };

export function prepareInputs(hp: HyperParams, spec: ModelSpec, meta: DatasetMeta, data: DatasetTensors, fitRows: Int32Array): PreparedInputs {
  const text = meta.info?.text;
  if (!text) {
    const recipe = fitRecipe(hp.preprocess, data.x, meta.inputShape, fitRows);
    return { recipe, x: applyRecipe(recipe, data.x, meta.inputShape) };
  }
  if (!data.texts) throw new ApiError('bad_data', `dataset '${meta.name}' is a text dataset but its texts.json is missing; import it again`);
  const embedding = firstEmbedding(spec.layers);
  if (!embedding) {
    throw new ApiError('cannot_build', `dataset '${meta.name}' holds texts: the model must start with an embedding layer (token ids are not numbers to scale); try the preset 'text-transformer'`);
  }
  const numeric = { names: text.numericColumns, x: data.x };
  const textRecipe = fitTextRecipe(hp.text ?? TEXT_OPTIONS_DEFAULT, embedding.vocabSize, text.maxLength, data.texts, numeric, fitRows);
  const recipe = textInputRecipe(textRecipe);
  return { recipe, x: encodeTextRows(textRecipe, data.texts, numeric) };
}

/** The model inputs of `rows` (all rows when absent) under a stored recipe. */
export function applyInputs(recipe: PreprocessRecipe | null, data: DatasetTensors, inputShape: number[], rows?: ArrayLike<number>): Float32Array {
  if (recipe?.text) {
    if (!data.texts) throw new ApiError('bad_data', 'the run was trained on texts but the dataset has no texts.json');
    return encodeTextRows(recipe.text, data.texts, { names: recipe.text.numeric.map((n) => n.name), x: data.x }, rows);
  }
  const size = inputShape.reduce((a, b) => a * b, 1);
  const x = rows ? gather(data.x, size, rows) : data.x;
  return recipe ? applyRecipe(recipe, x, inputShape) : x.slice();
}

/** The first embedding layer of a spec (residual bodies included), whose vocabSize the tokeniser fills. */
export function firstEmbedding(layers: Layer[]): Extract<Layer, { kind: 'embedding' }> | null {
  for (const layer of layers) {
    if (layer.kind === 'embedding') return layer;
    if (layer.kind === 'residual') {
      const inner = firstEmbedding(layer.layers);
      if (inner) return inner;
    }
  }
  return null;
}

/** A text model's recipe: its tokeniser, with the identity scaling of its maxLength ids. */
export function textInputRecipe(text: TextRecipe): PreprocessRecipe {
  return { method: 'none', axis: 'feature', center: new Array(text.maxLength).fill(0), scale: new Array(text.maxLength).fill(1), text };
}

function gather(x: Float32Array, size: number, rows: ArrayLike<number>): Float32Array {
  const out = new Float32Array(rows.length * size);
  for (let i = 0; i < rows.length; i++) out.set(x.subarray((rows[i] as number) * size, ((rows[i] as number) + 1) * size), i * size);
  return out;
}
