/**
 * Predictions of stored members: a run's artifact folder holds the tfjs Layers
 * model (model.json + weights.bin) and the recipe it was trained with
 * (recipe.json, fitted on its own training rows). A member's prediction on
 * dataset rows is model(mask ⊙ recipe(x)): each member keeps its own
 * preprocessing (scaling, or a text run's tokeniser), so members trained with
 * different recipes combine correctly.
 *
 * Batched through the trainer's predictRows (inference mode, tensors disposed
 * per batch); the caller disposes loaded members with disposeMembers.
 */
import type * as tf from '@tensorflow/tfjs';
import { ApiError } from '../api/errors.ts';
import type { PreprocessRecipe, TargetScaling } from '../api/schemas.ts';
import { applyInputs } from '../data/prepare.ts';
import { unscaleTargets } from '../data/preprocess.ts';
import type { DatasetTensors } from '../data/types.ts';
import { loadModelFiles } from '../model/io.ts';
import { rowSize } from '../train/batches.ts';
import { readRecipeFile, readSplitFile, type StoredSplit } from '../train/artifacts.ts';
import { predictRows } from '../train/evaluate.ts';
import { stackPredictions, type PredictionSet } from './math/predictions.ts';

/** Rows per predict call: inference needs no gradients, so batches can be large. */
export const PREDICT_BATCH = 512;

export type LoadedMember = {
  model: tf.LayersModel;
  /** null: the member takes its inputs as they are. */
  recipe: PreprocessRecipe | null;
  /** Bagging's random feature subset: 1 = the member sees the feature, 0 = it sees 0 (after preprocessing). */
  featureMask: Uint8Array | null;
  /** Per-sample input shape, without the batch axis. */
  inputShape: number[];
  /** Output units: classes, or the regression targets per row (1, or a forecast's horizon steps). */
  outputs: number;
};

export async function loadMember(dir: string, featureMask?: Uint8Array | null): Promise<LoadedMember> {
  const recipe = readRecipeFile(dir);
  const model = await loadModelFiles(dir);
  const inputShape = model.inputs[0].shape.slice(1) as number[];
  const outputs = model.outputs[0].shape.at(-1) as number;
  const member: LoadedMember = { model, recipe, featureMask: featureMask ?? null, inputShape, outputs };
  try {
    checkFeatureMask(member);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return member;
}

export function disposeMembers(members: LoadedMember[]): void {
  for (const m of members) m.model.dispose();
}

/**
 * The member's model inputs for the given dataset rows (all rows when omitted), through the
 * run's own recipe (prepare.ts applyInputs: scaling, or a text run's tokeniser), then masked.
 */
export function memberInputs(member: LoadedMember, data: DatasetTensors, rows?: ArrayLike<number>): Float32Array {
  const all = datasetRows(member, data);
  if (rows) {
    for (let i = 0; i < rows.length; i++) {
      if (!(rows[i] >= 0 && rows[i] < all)) throw new ApiError('invalid_argument', `row ${rows[i]} is outside the ${all} input rows`);
    }
  }
  const inputs = applyInputs(member.recipe, data, member.inputShape, rows);
  const mask = member.featureMask;
  const size = rowSize(member.inputShape);
  if (mask) for (let i = 0; i < inputs.length; i++) if (mask[i % size] === 0) inputs[i] = 0;
  return inputs;
}

/** How many rows the dataset holds, checked against the member's input shape. */
function datasetRows(member: LoadedMember, data: DatasetTensors): number {
  if (member.recipe?.text) {
    if (!data.texts) throw new ApiError('bad_data', 'the member was trained on texts but the dataset has no texts.json');
    return data.texts.values[0]?.length ?? data.x.length / Math.max(1, member.recipe.text.numeric.length);
  }
  const size = rowSize(member.inputShape);
  if (data.x.length % size !== 0) throw new ApiError('invalid_argument', `${data.x.length} input values are not whole rows of shape [${member.inputShape.join(', ')}]`);
  return data.x.length / size;
}

/**
 * One member's outputs on raw rows, [rows × outputs]. A regression member
 * trained on standardised targets is mapped back to the target's units
 * (y = output·scale + center), so members with different target scalings
 * combine, and an ensemble's predictions are in the target's units.
 */
export function predictMember(member: LoadedMember, data: DatasetTensors, rows?: ArrayLike<number>, batchSize = PREDICT_BATCH): Float32Array {
  const inputs = memberInputs(member, data, rows);
  const n = inputs.length / rowSize(member.inputShape);
  const { values } = predictRows(member.model, inputs, member.inputShape, Int32Array.from({ length: n }, (_, i) => i), batchSize);
  const target = memberTarget(member);
  return target ? unscaleTargets(target, values) : values;
}

/** The target transform a regression member's outputs are in, or null when they are in the target's units. */
export function memberTarget(member: LoadedMember): TargetScaling | null {
  const t = member.recipe?.target;
  return t && t.method !== 'none' ? t : null;
}

/** Every member's outputs on the same raw rows, as one [members × rows × outputs] set. */
export function predictMembers(members: LoadedMember[], data: DatasetTensors, rows?: ArrayLike<number>, batchSize = PREDICT_BATCH): PredictionSet {
  checkCompatible(members);
  return stackPredictions(members.map((m) => predictMember(m, data, rows, batchSize)), members[0].outputs);
}

/** Members of one ensemble take the same inputs and give the same outputs. */
export function checkCompatible(members: LoadedMember[]): void {
  if (members.length === 0) throw new ApiError('invalid_argument', 'an ensemble needs members');
  const [first] = members;
  members.forEach((m, i) => {
    if (m.inputShape.join(',') !== first.inputShape.join(',')) {
      throw new ApiError('invalid_argument', `member ${i} takes inputs of shape [${m.inputShape.join(', ')}], member 0 [${first.inputShape.join(', ')}]; members must share a dataset`);
    }
    if (m.outputs !== first.outputs) throw new ApiError('invalid_argument', `member ${i} has ${m.outputs} outputs, member 0 has ${first.outputs}; members must share a task and classes`);
  });
}

/**
 * Members over existing runs must share one split: otherwise one member's
 * validation rows are another's training rows, and selection would reward
 * memorisation. Returns the shared split; names the first member that differs.
 */
export function checkSharedSplit(members: { name: string; dir: string }[]): StoredSplit {
  const [first, ...rest] = members.map((m) => ({ ...m, split: readSplitFile(m.dir) }));
  // The same rows in each part; their order does not matter (the engine reads rows of one split for all members).
  const sortedRows = (rows: number[]) => rows.slice().sort((a, b) => a - b).join(',');
  const key = (s: StoredSplit) => `${sortedRows(s.train)}|${sortedRows(s.val)}|${sortedRows(s.test)}`;
  const expected = key(first.split);
  for (const m of rest) {
    if (key(m.split) !== expected) {
      throw new ApiError('invalid_argument', `${m.name} was trained on another split than ${first.name} (a different seed or split setting); an ensemble's members must share one split`);
    }
  }
  return first.split;
}

/** Feature masks are per feature of tabular-like inputs (one value per flattened feature), never per image pixel. */
function checkFeatureMask(member: LoadedMember): void {
  const mask = member.featureMask;
  if (!mask) return;
  if (member.recipe?.axis === 'channel' || member.inputShape.length === 3) {
    throw new ApiError('invalid_argument', 'random feature subsets apply to tabular data, not to images');
  }
  const size = rowSize(member.inputShape);
  if (mask.length !== size) throw new ApiError('invalid_argument', `the feature mask has ${mask.length} entries for ${size} features`);
  if (!mask.some((v) => v === 1)) throw new ApiError('invalid_argument', 'the feature mask keeps no feature');
}
