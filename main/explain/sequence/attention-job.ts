/**
 * The attention maps of one row of a stored text run, on the current thread's
 * tfjs backend (the explain worker calls it; never the engine's thread): the
 * row encoded with the run's own text recipe, the model run once in inference
 * mode (attention-maps.ts), each position named by its token (token-text.ts).
 * Trailing padding is dropped, so every map is tokens × tokens.
 */
import { ApiError } from '../../api/errors.ts';
import type { DatasetMeta, PreprocessRecipe } from '../../api/schemas.ts';
import { applyInputs } from '../../data/prepare.ts';
import { loadDatasetFiles } from '../../data/store.ts';
import { MAX_ATTENTION_CELLS } from '../../limits.ts';
import { loadModelFiles } from '../../model/io.ts';
import type { StoredSplit } from '../../train/artifacts.ts';
import type { ExplainSplit } from '../request.ts';
import { attentionMaps } from './attention-maps.ts';
import type { AttentionLayerMaps } from './attention-request.ts';
import { decodeTokens, unpaddedLength } from './token-text.ts';

/** What the explain worker is sent: the row asked for (checked against the split by the engine) and where the run's files are. */
export type AttentionJobInput = {
  modelDir: string;
  datasetDir: string;
  meta: DatasetMeta;
  recipe: PreprocessRecipe;
  split: StoredSplit;
  which: ExplainSplit;
  row: number;
  layer?: number;
};

export type AttentionJobResult = { tokens: string[]; layers: AttentionLayerMaps[] };

export async function runAttentionJob(input: AttentionJobInput): Promise<AttentionJobResult> {
  const { recipe } = input;
  if (!recipe.text) throw new ApiError('invalid_argument', 'attention maps are drawn over the tokens of a text run; this run reads no texts');
  const dataRow = input.split[input.which][input.row];
  const ids = applyInputs(recipe, loadDatasetFiles(input.datasetDir), input.meta.inputShape, [dataRow]);
  const length = unpaddedLength(ids);
  const tokens = decodeTokens(ids.subarray(0, length), recipe.text.tokenizer.vocab);
  const model = await loadModelFiles(input.modelDir);
  try {
    const all = attentionMaps(model, ids, length);
    if (input.layer !== undefined && input.layer >= all.length) {
      throw new ApiError('invalid_argument', `layer ${input.layer} does not exist: the model has ${all.length} attention layer(s), numbered from 0`);
    }
    const layers = input.layer === undefined ? all : [all[input.layer]];
    const cells = layers.reduce((sum, l) => sum + l.heads.length * length * length, 0);
    if (cells > MAX_ATTENTION_CELLS) {
      throw new ApiError('too_large', `these maps hold ${cells} weights (${length} tokens), more than the ${MAX_ATTENTION_CELLS} one answer carries; ask for one layer at a time`);
    }
    return { tokens, layers };
  } finally {
    model.dispose();
  }
}
